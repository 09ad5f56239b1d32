package dev.headroom.crawl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The URLs of one {@link NotChecked.Reason}: each counted once (by a 64-bit hash, so a trap's
 * endless long URLs do not pile up as strings), the first few in URL order kept as examples.
 */
final class SkipLog {
    private static final int EXAMPLE_CHARS = 300;
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final TreeMap<String, String> examples = new TreeMap<>();
    private final boolean byHost;
    private final ConcurrentHashMap<String, LongAdder> hosts = new ConcurrentHashMap<>();
    private final LongAdder otherHosts = new LongAdder();

    SkipLog(boolean byHost) {
        this.byHost = byHost;
    }

    void add(String key, String host, String from) {
        if (!seen.add(hash64(key))) {
            return;
        }
        if (byHost) {
            if (hosts.size() < NotChecked.HOSTS_KEPT || hosts.containsKey(host)) {
                hosts.computeIfAbsent(host, h -> new LongAdder()).increment();
            } else {
                otherHosts.increment();
            }
        }
        String shown = key.length() <= EXAMPLE_CHARS ? key
                : key.substring(0, EXAMPLE_CHARS - 100) + "... (" + key.length() + " characters)";
        synchronized (examples) {
            if (examples.size() < NotChecked.EXAMPLES_KEPT || shown.compareTo(examples.lastKey()) < 0) {
                examples.putIfAbsent(shown, from);
                if (examples.size() > NotChecked.EXAMPLES_KEPT) {
                    examples.pollLastEntry();
                }
            }
        }
    }

    long count() {
        return seen.size();
    }

    NotChecked toNotChecked(NotChecked.Reason reason) {
        List<NotChecked.Example> ex = new ArrayList<>();
        synchronized (examples) {
            examples.forEach((url, from) -> ex.add(new NotChecked.Example(url, from)));
        }
        Map<String, Long> byCount = new LinkedHashMap<>();
        hosts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, LongAdder> e) -> -e.getValue().sum())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> byCount.put(e.getKey(), e.getValue().sum()));
        if (otherHosts.sum() > 0) {
            byCount.put("(other hosts)", otherHosts.sum());
        }
        return new NotChecked(reason, count(), ex, byCount);
    }

    /** FNV-1a over the chars: distinct URLs collide with odds around 1e-19 per pair. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
