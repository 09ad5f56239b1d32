package dev.headroom.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Keeps every request's latency, in milliseconds, in one HdrHistogram per request group and outcome
 * ({@code ok} / {@code ko}). Recording is lock-free and safe from any number of threads (the Gatling
 * injector's event loops); {@link #snapshot()} copies consistently without stopping them.
 */
public final class Recorder {

    public static final String OK = "ok";
    public static final String KO = "ko";
    /** Latencies above one hour are recorded as one hour. */
    public static final long HIGHEST_MS = 3_600_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    /** A request group and outcome; ordered by group then outcome. */
    public record Key(String group, String outcome) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = group.compareTo(o.group);
            return c != 0 ? c : outcome.compareTo(o.outcome);
        }
    }

    private final ConcurrentMap<Key, Histogram> histograms = new ConcurrentHashMap<>();

    /** Records one request of {@code group} that took {@code millis} and succeeded or not. */
    public void record(String group, boolean ok, long millis) {
        histograms.computeIfAbsent(new Key(group, ok ? OK : KO), k -> newHistogram())
                .recordValue(Math.max(0, Math.min(millis, HIGHEST_MS)));
    }

    /** A copy of every histogram, sorted by key. */
    public Map<Key, Histogram> snapshot() {
        Map<Key, Histogram> copy = new TreeMap<>();
        histograms.forEach((k, h) -> copy.put(k, h.copy()));
        return copy;
    }

    /** Requests recorded so far. */
    public long total() {
        return histograms.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }

    public static Histogram newHistogram() {
        return new ConcurrentHistogram(1, HIGHEST_MS, SIGNIFICANT_DIGITS);
    }

    /**
     * HdrHistogram's compressed encoding in base64, without padding ({@code =}): the string goes
     * through the report redactor, which must not mistake {@code xyz=} for a {@code name=value}
     * pair. {@link #decode} accepts it with or without padding.
     */
    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes {@link #encode}'s output into a histogram that other decoded histograms can be added to. */
    public static Histogram decode(String base64) {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64.strip().replaceAll("=+$", ""))), 1);
            Histogram h = newHistogram();
            h.add(decoded);
            return h;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }
}
