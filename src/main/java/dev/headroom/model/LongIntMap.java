package dev.headroom.model;

import java.util.Arrays;

/** An open-addressing map from long keys to int values (linear probing, backward-shift deletion). */
final class LongIntMap {
    static final int MISSING = -1;
    private long[] keys;
    private int[] values;
    private boolean[] used;
    private int size;
    private int mask;

    LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        keys = new long[n];
        values = new int[n];
        used = new boolean[n];
        mask = n - 1;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        return (int) Hashing.fmix(key) & mask;
    }

    int get(long key) {
        for (int i = slot(key); used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return MISSING;
    }

    void put(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key);
        for (; used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(long key) {
        int i = slot(key);
        for (; used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                break;
            }
        }
        if (!used[i]) {
            return;
        }
        size--;
        // backward-shift: move later entries of the probe chain into the hole
        int hole = i;
        for (int j = (i + 1) & mask; used[j]; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean between = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        used[hole] = false;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        int n = keys.length * 2;
        keys = new long[n];
        values = new int[n];
        used = new boolean[n];
        mask = n - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    void clear() {
        Arrays.fill(used, false);
        size = 0;
    }
}
