package dev.headroom.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast 64-bit hash over byte ranges, eight bytes at a time (not cryptographic). */
final class Hashing {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    static long hash(byte[] b, int from, int to) {
        return hash(0x243F6A8885A308D3L, b, from, to);
    }

    /** Continues {@code seed} over {@code b[from, to)}. */
    static long hash(long seed, byte[] b, int from, int to) {
        long h = seed ^ (to - from) * M;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft(h ^ mix((long) LONGS.get(b, i)), 27) * M;
        }
        long tail = 0;
        for (int s = 0; i < to; i++, s += 8) {
            tail |= (b[i] & 0xffL) << s;
        }
        h = Long.rotateLeft(h ^ mix(tail), 27) * M;
        return fmix(h);
    }

    private static long mix(long k) {
        k *= 0xC2B2AE3D27D4EB4FL;
        k = Long.rotateLeft(k, 31);
        return k * M;
    }

    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93e2db9fe53L;
        h ^= h >>> 33;
        return h;
    }
}
