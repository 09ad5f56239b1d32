package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The referring pages of a URL: the first {@link CrawlOptions#LINKED_FROM_KEPT} in URL order, and a count. */
final class RefList {
    private Node[] kept = new Node[2];
    private int size;
    private int count;

    synchronized void add(Node from) {
        count++;
        int max = CrawlOptions.LINKED_FROM_KEPT;
        if (size == max && from.url.compareTo(kept[size - 1].url) >= 0) {
            return;
        }
        int at = size;
        while (at > 0 && kept[at - 1].url.compareTo(from.url) > 0) {
            at--;
        }
        if (size < max) {
            if (size == kept.length) {
                kept = Arrays.copyOf(kept, Math.min(max, size * 2));
            }
            size++;
        }
        System.arraycopy(kept, at, kept, at + 1, size - 1 - at);
        kept[at] = from;
    }

    void addAll(RefList other) {
        List<Node> theirs;
        int theirCount;
        synchronized (other) {
            theirs = new ArrayList<>(Arrays.asList(other.kept).subList(0, other.size));
            theirCount = other.count;
        }
        synchronized (this) {
            theirs.forEach(this::add);
            count += theirCount - theirs.size();
        }
    }

    synchronized List<String> urls() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(kept[i].url);
        }
        return out;
    }

    synchronized int count() {
        return count;
    }
}
