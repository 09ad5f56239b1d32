package dev.headroom.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Keeps every request's latency, in milliseconds, in one HdrHistogram per request group and outcome
 * ({@code ok} / {@code ko}), and counts the failures Headroom can name (by group and message, see
 * {@link RequestSink#recordFailure}). Recording is lock-free and safe from any number of threads (the
 * Gatling injector's event loops); {@link #snapshot()} copies consistently without stopping them.
 *
 * <p>Each series also keeps a second histogram of only the requests recorded while the injection
 * profile holds a constant rate ({@link #holdSnapshot()}): a ramp mixes the latencies of several
 * rates (and a cold start), so comparing runs is steadier on the holds alone. Whether a request falls
 * in a hold is asked of the {@code holding} clock when it is recorded, i.e. when it ends.
 */
public final class Recorder implements RequestSink {

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

    /** Distinct failure messages kept per recorder; later new ones are counted under {@link #OTHER_FAILURES}. */
    public static final int MAX_FAILURE_MESSAGES = 100;
    public static final String OTHER_FAILURES = "other failures (more distinct messages than Headroom keeps)";

    /** A named failure: its request group, its message, and whether a hop was refused (not sent). */
    public record FailureKey(String group, String message, boolean refused) implements Comparable<FailureKey> {
        @Override
        public int compareTo(FailureKey o) {
            int c = group.compareTo(o.group);
            c = c != 0 ? c : message.compareTo(o.message);
            return c != 0 ? c : Boolean.compare(refused, o.refused);
        }
    }

    /**
     * One key's data: the histogram, the exact sum (the histogram's mean is only near it), and the
     * histogram of the requests recorded in a hold.
     */
    private record Series(Histogram histogram, LongAdder sumMs, Histogram hold) {
    }

    /**
     * A journey step's verdict (or, with an empty {@code step}, a whole run's), counted: journey and
     * step names come from the journey files, so they are bounded; the status is a {@code Status}.
     */
    public record StepKey(String journey, String step, String status) implements Comparable<StepKey> {
        @Override
        public int compareTo(StepKey o) {
            int c = journey.compareTo(o.journey);
            c = c != 0 ? c : step.compareTo(o.step);
            return c != 0 ? c : status.compareTo(o.status);
        }
    }

    private final ConcurrentMap<Key, Series> series = new ConcurrentHashMap<>();
    private final ConcurrentMap<StepKey, LongAdder> steps = new ConcurrentHashMap<>();
    private final ConcurrentMap<FailureKey, LongAdder> failures = new ConcurrentHashMap<>();
    private final BooleanSupplier holding;

    /** A recorder with no injection profile: no request falls in a hold. */
    public Recorder() {
        this(() -> false);
    }

    /**
     * @param holding true while the injection profile holds a constant rate (not ramping, not past its
     *     end); asked once per request, so it must be cheap and thread-safe
     */
    public Recorder(BooleanSupplier holding) {
        this.holding = holding;
    }

    /** Records one request of {@code group} that took {@code millis} and succeeded or not. */
    @Override
    public void record(String group, boolean ok, long millis) {
        long value = Math.max(0, Math.min(millis, HIGHEST_MS));
        Series s = series.computeIfAbsent(new Key(group, ok ? OK : KO),
                k -> new Series(newHistogram(), new LongAdder(), newHistogram()));
        s.histogram().recordValue(value);
        s.sumMs().add(value);
        if (holding.getAsBoolean()) {
            s.hold().recordValue(value);
        }
    }

    /** Records the failed request (a {@code ko}) and counts its message. */
    @Override
    public void recordFailure(String group, long millis, String message, boolean refused) {
        recordFailureFirst(group, millis, message, refused);
    }

    /** As {@link #recordFailure}; true the first time this group and message are seen (to print it once). */
    public boolean recordFailureFirst(String group, long millis, String message, boolean refused) {
        record(group, false, millis);
        FailureKey key = new FailureKey(group, message, refused);
        LongAdder count = failures.get(key);
        boolean first = false;
        if (count == null) {
            if (failures.size() >= MAX_FAILURE_MESSAGES) {
                key = new FailureKey(group, OTHER_FAILURES, refused); // bounded, whatever the messages
            }
            LongAdder fresh = new LongAdder();
            count = failures.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                first = true;
            }
        }
        count.increment();
        return first;
    }

    /** Counts one journey step's verdict; {@code step} empty for a whole run's. */
    public void recordStep(String journey, String step, String status) {
        steps.computeIfAbsent(new StepKey(journey, step, status), k -> new LongAdder()).increment();
    }

    /** The journey verdicts so far, sorted by journey, step and status. */
    public Map<StepKey, Long> steps() {
        Map<StepKey, Long> copy = new TreeMap<>();
        steps.forEach((k, n) -> copy.put(k, n.sum()));
        return copy;
    }

    /** The named failures so far, with their counts, sorted by group then message. */
    public Map<FailureKey, Long> failures() {
        Map<FailureKey, Long> copy = new TreeMap<>();
        failures.forEach((k, n) -> copy.merge(k, n.sum(), Long::sum));
        return copy;
    }

    /** A copy of every histogram, sorted by key. */
    public Map<Key, Histogram> snapshot() {
        Map<Key, Histogram> copy = new TreeMap<>();
        series.forEach((k, s) -> copy.put(k, s.histogram().copy()));
        return copy;
    }

    /** A copy of the histograms of the requests recorded in a hold, sorted by key; keys with none left out. */
    public Map<Key, Histogram> holdSnapshot() {
        Map<Key, Histogram> copy = new TreeMap<>();
        series.forEach((k, s) -> {
            Histogram h = s.hold().copy();
            if (h.getTotalCount() > 0) {
                copy.put(k, h);
            }
        });
        return copy;
    }

    /**
     * The exact sum of the recorded milliseconds by key (as clamped to {@link #HIGHEST_MS}). Read
     * separately from {@link #snapshot()}, so while requests are being recorded the two may be a few
     * requests apart.
     */
    public Map<Key, Long> sumsMs() {
        Map<Key, Long> copy = new TreeMap<>();
        series.forEach((k, s) -> copy.put(k, s.sumMs().sum()));
        return copy;
    }

    /** Requests recorded so far. */
    public long total() {
        return series.values().stream().mapToLong(s -> s.histogram().getTotalCount()).sum();
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
