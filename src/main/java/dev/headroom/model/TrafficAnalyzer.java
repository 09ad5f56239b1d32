package dev.headroom.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates parsed lines into compact primitive structures and builds the {@link TrafficModel}.
 * Memory is bounded by the time span (three ints per second, in hour chunks) and by the sessions
 * open at once (closed after {@code sessionTimeout} idle); no per-line object is kept.
 *
 * <p>Lines should come roughly in time order (as access logs are); give several files oldest first.
 */
public final class TrafficAnalyzer {
    /** Steps kept per journey shape; longer journeys end in "...". */
    public static final int MAX_STEPS = 12;
    private static final long TRUNCATED = 1L << 63;
    private static final int MAX_PAGES_BUCKET = 1000;
    private static final int MAX_SHAPES = 200_000;

    private final RouteClassifier classifier;
    private final long timeoutSeconds;
    private final int staticId;

    // per-second counts: hour chunk -> [all 0..3599, pages 3600..7199, session starts 7200..10799]
    private final HashMap<Long, int[]> hours = new HashMap<>();
    private long lastHourKey = Long.MIN_VALUE;
    private int[] lastHour;

    private long total;
    private long pages;
    private long statics;
    private long botPages;
    private final long[] statusClass = new long[6];
    private final long[] classCounts;
    private long minSecond = Long.MAX_VALUE;
    private long maxSecond = Long.MIN_VALUE;
    private Integer firstOffset;

    // open sessions, in parallel arrays indexed by slot
    private final LongIntMap open = new LongIntMap(1024);
    private long[] sKey = new long[1024];
    private long[] sStart = new long[1024];
    private long[] sLast = new long[1024];
    private long[] sShape = new long[1024];
    private int[] sPages = new int[1024];
    private int[] sReach = new int[1024];
    private byte[] sFlags = new byte[1024]; // 1 = in use, 2 = bot, 4 = last response was a redirect
    private int[] freeSlots = new int[1024];
    private int freeCount;
    private int slotsUsed;
    private long lastSweep = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;

    // closed sessions
    private long sessions;
    private long botSessions;
    private final long[] thinkHist;
    private long thinkSum;
    private final long[] pagesHist = new long[MAX_PAGES_BUCKET + 1];
    private long pagesSum;
    private final long[] durationHist;
    private final long[] reachCounts;
    private final HashMap<Long, long[]> shapes = new HashMap<>();
    private long otherShapes;

    public TrafficAnalyzer(RouteClassifier classifier, Duration sessionTimeout) {
        this.classifier = classifier;
        this.timeoutSeconds = Math.max(1, sessionTimeout.toSeconds());
        this.staticId = classifier.staticId();
        this.classCounts = new long[classifier.classCount()];
        this.thinkHist = new long[(int) timeoutSeconds + 1];
        this.durationHist = new long[86_401];
        this.reachCounts = new long[classifier.classCount()];
    }

    public RouteClassifier classifier() {
        return classifier;
    }

    /** Counts one parsed request. */
    void accept(ParsedLine line) {
        long t = line.epochSecond;
        total++;
        if (firstOffset == null) {
            firstOffset = line.offsetSeconds;
        }
        if (t < minSecond) {
            minSecond = t;
        }
        if (t > maxSecond) {
            maxSecond = t;
        }
        int sc = line.status / 100;
        statusClass[sc >= 1 && sc <= 5 ? sc : 0]++;
        int[] chunk = chunk(Math.floorDiv(t, 3600));
        int sec = (int) Math.floorMod(t, 3600);
        chunk[sec]++;
        int cls = classifier.classify(line.buf, line.pathFrom, line.pathTo, line.pathHash);
        if (cls == staticId) {
            statics++;
            return;
        }
        pages++;
        chunk[3600 + sec]++;
        if (t > clock) {
            clock = t;
            if (clock - lastSweep >= 60) {
                sweep(clock);
            }
        }
        int slot = open.get(line.clientHash);
        if (slot != LongIntMap.MISSING && t - sLast[slot] > timeoutSeconds) {
            close(slot);
            slot = LongIntMap.MISSING;
        }
        if (slot == LongIntMap.MISSING) {
            slot = openSession(line, t);
            if ((sFlags[slot] & 2) == 0) {
                chunk[7200 + sec]++;
            }
        } else if ((sFlags[slot] & 6) == 0 && t >= sLast[slot]) {
            long gap = t - sLast[slot];
            thinkHist[(int) Math.min(gap, timeoutSeconds)]++;
            thinkSum += gap;
        }
        boolean bot = (sFlags[slot] & 2) != 0;
        if (bot) {
            botPages++;
        } else {
            classCounts[cls]++;
        }
        if (t > sLast[slot]) {
            sLast[slot] = t;
        }
        sFlags[slot] = (byte) ((sFlags[slot] & ~4) | (line.status / 100 == 3 ? 4 : 0));
        sPages[slot]++;
        sReach[slot] |= 1 << cls;
        long shape = sShape[slot];
        int len = shapeLength(shape);
        int code = cls + 1;
        if (len == 0 || ((shape >>> ((len - 1) * 5)) & 31) != code) {
            if (len < MAX_STEPS) {
                sShape[slot] = shape | ((long) code << (len * 5));
            } else {
                sShape[slot] = shape | TRUNCATED;
            }
        }
    }

    private static int shapeLength(long shape) {
        long s = shape & ~TRUNCATED;
        return s == 0 ? 0 : (64 - Long.numberOfLeadingZeros(s) + 4) / 5;
    }

    private int[] chunk(long hourKey) {
        if (hourKey == lastHourKey) {
            return lastHour;
        }
        int[] c = hours.computeIfAbsent(hourKey, k -> new int[3 * 3600]);
        lastHourKey = hourKey;
        lastHour = c;
        return c;
    }

    private int openSession(ParsedLine line, long t) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (slotsUsed == sKey.length) {
                growSessions();
            }
            slot = slotsUsed++;
        }
        sKey[slot] = line.clientHash;
        sStart[slot] = t;
        sLast[slot] = t;
        sShape[slot] = 0;
        sPages[slot] = 0;
        sReach[slot] = 0;
        sFlags[slot] = (byte) (1 | (isBot(line) ? 2 : 0));
        open.put(line.clientHash, slot);
        return slot;
    }

    private void growSessions() {
        int n = sKey.length * 2;
        sKey = Arrays.copyOf(sKey, n);
        sStart = Arrays.copyOf(sStart, n);
        sLast = Arrays.copyOf(sLast, n);
        sShape = Arrays.copyOf(sShape, n);
        sPages = Arrays.copyOf(sPages, n);
        sReach = Arrays.copyOf(sReach, n);
        sFlags = Arrays.copyOf(sFlags, n);
        freeSlots = Arrays.copyOf(freeSlots, n);
    }

    private static boolean isBot(ParsedLine line) {
        byte[] b = line.buf;
        for (int i = line.uaFrom; i + 3 <= line.uaTo; i++) {
            int c0 = b[i] | 0x20;
            if ((c0 == 'b' && (b[i + 1] | 0x20) == 'o' && (b[i + 2] | 0x20) == 't')
                    || (c0 == 's' && i + 6 <= line.uaTo && (b[i + 1] | 0x20) == 'p' && (b[i + 2] | 0x20) == 'i'
                            && (b[i + 3] | 0x20) == 'd' && (b[i + 4] | 0x20) == 'e' && (b[i + 5] | 0x20) == 'r')
                    || (c0 == 'c' && i + 5 <= line.uaTo && (b[i + 1] | 0x20) == 'r' && (b[i + 2] | 0x20) == 'a'
                            && (b[i + 3] | 0x20) == 'w' && (b[i + 4] | 0x20) == 'l')) {
                return true;
            }
        }
        return false;
    }

    /** Closes every session idle for longer than the timeout at {@code now}. */
    private void sweep(long now) {
        lastSweep = now;
        for (int slot = 0; slot < slotsUsed; slot++) {
            if ((sFlags[slot] & 1) != 0 && now - sLast[slot] > timeoutSeconds) {
                close(slot);
            }
        }
    }

    private void close(int slot) {
        open.remove(sKey[slot]);
        boolean bot = (sFlags[slot] & 2) != 0;
        sFlags[slot] = 0;
        freeSlots[freeCount++] = slot;
        if (bot) {
            botSessions++;
            return;
        }
        sessions++;
        pagesHist[Math.min(sPages[slot], MAX_PAGES_BUCKET)]++;
        pagesSum += sPages[slot];
        durationHist[(int) Math.min(sLast[slot] - sStart[slot], durationHist.length - 1)]++;
        int reach = sReach[slot];
        for (int c = 0; c < reachCounts.length; c++) {
            if ((reach & (1 << c)) != 0) {
                reachCounts[c]++;
            }
        }
        long[] n = shapes.get(sShape[slot]);
        if (n != null) {
            n[0]++;
        } else if (shapes.size() < MAX_SHAPES) {
            shapes.put(sShape[slot], new long[] {1});
        } else {
            otherShapes++;
        }
    }

    /** Closes the sessions still open (end of input). Idempotent. */
    void finish() {
        for (int slot = 0; slot < slotsUsed; slot++) {
            if ((sFlags[slot] & 1) != 0) {
                close(slot);
            }
        }
    }

    public long requests() {
        return total;
    }

    /** Options for building the model from the counts. */
    public record Options(ZoneId zone, int topJourneys, boolean includeStatic, int quietWindowHours, int quietWindows,
            int avoidHours) {
        public static Options defaults() {
            return new Options(null, 10, false, 2, 3, 5);
        }
    }

    /** Builds the model (closes any open sessions first). */
    public TrafficModel model(List<TrafficModel.Source> sources, long badLines, Options options) {
        finish();
        if (total == 0) {
            throw new IllegalStateException("no requests");
        }
        ZoneId zone = options.zone() != null ? options.zone() : ZoneOffset.ofTotalSeconds(firstOffset);
        long covered = maxSecond - minSecond + 1;

        // minutes, seconds, hours
        long bestMinute = 0;
        long bestMinuteCount = -1;
        long bestHour = 0;
        long bestHourCount = -1;
        long maxSec = 0;
        int maxSecCount = -1;
        long[] rateHist = new long[64];
        double[] heatSum = new double[7 * 24];
        long[] heatSeconds = new long[7 * 24];
        long firstHour = Math.floorDiv(minSecond, 3600);
        long lastHourK = Math.floorDiv(maxSecond, 3600);
        for (long h = firstHour; h <= lastHourK; h++) {
            int[] c = hours.get(h);
            long hourStart = h * 3600;
            int from = (int) Math.max(0, minSecond - hourStart);
            int to = (int) Math.min(3599, maxSecond - hourStart);
            ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(hourStart));
            long hourCount = 0;
            for (int m = 0; m < 60; m++) {
                long minuteCount = 0;
                for (int s = m * 60; s < m * 60 + 60; s++) {
                    int n = c == null ? 0 : c[s];
                    minuteCount += n;
                    if (s >= from && s <= to) {
                        if (n >= rateHist.length) {
                            rateHist = Arrays.copyOf(rateHist, Math.max(n + 1, rateHist.length * 2));
                        }
                        rateHist[n]++;
                        if (n > maxSecCount) {
                            maxSecCount = n;
                            maxSec = hourStart + s;
                        }
                        long local = hourStart + s + offset.getTotalSeconds();
                        int dow = (int) Math.floorMod(Math.floorDiv(local, 86_400) + 3, 7);
                        int hod = (int) Math.floorMod(local, 86_400) / 3600;
                        heatSum[dow * 24 + hod] += n;
                        heatSeconds[dow * 24 + hod]++;
                    }
                }
                hourCount += minuteCount;
                if (minuteCount > bestMinuteCount) {
                    bestMinuteCount = minuteCount;
                    bestMinute = hourStart + m * 60L;
                }
            }
            if (hourCount > bestHourCount) {
                bestHourCount = hourCount;
                bestHour = hourStart;
            }
        }
        int[] peakChunk = hours.get(Math.floorDiv(bestMinute, 3600));
        int base = (int) Math.floorMod(bestMinute, 3600);
        int burst = -1;
        long burstSecond = bestMinute;
        long peakPages = 0;
        long peakStarts = 0;
        for (int s = base; s < base + 60; s++) {
            if (peakChunk[s] > burst) {
                burst = peakChunk[s];
                burstSecond = bestMinute + (s - base);
            }
            peakPages += peakChunk[3600 + s];
            peakStarts += peakChunk[7200 + s];
        }

        TrafficModel.Peak peak = new TrafficModel.Peak(time(bestMinute, zone), bestMinuteCount,
                round(bestMinuteCount / 60.0, 3), burst, time(burstSecond, zone), round(peakPages / 60.0, 3),
                round(peakStarts / 60.0, 3));
        TrafficModel.Rates rates = new TrafficModel.Rates(round((double) total / covered, 3),
                percentile(rateHist, covered, 0.50), percentile(rateHist, covered, 0.90),
                percentile(rateHist, covered, 0.99), maxSecCount, time(maxSec, zone),
                round(bestHourCount / 3600.0, 3), time(bestHour, zone));

        // heatmap
        Map<String, List<Double>> heatmap = new LinkedHashMap<>();
        double[] avg = new double[7 * 24];
        for (int d = 0; d < 7; d++) {
            List<Double> row = new ArrayList<>(24);
            for (int h = 0; h < 24; h++) {
                int i = d * 24 + h;
                avg[i] = heatSeconds[i] == 0 ? Double.NaN : heatSum[i] / heatSeconds[i];
                row.add(heatSeconds[i] == 0 ? null : round(avg[i], 3));
            }
            heatmap.put(TrafficModel.DAYS.get(d), row);
        }

        // mix
        Map<String, Double> mix = new LinkedHashMap<>();
        long mixTotal = 0;
        for (int c = 0; c < classCounts.length; c++) {
            mixTotal += c == staticId && !options.includeStatic() ? 0 : classCounts[c];
        }
        if (options.includeStatic()) {
            mixTotal += statics;
        }
        for (int c = 0; c < classCounts.length; c++) {
            long n = c == staticId ? (options.includeStatic() ? statics : 0) : classCounts[c];
            if (c == staticId && !options.includeStatic()) {
                continue;
            }
            mix.put(classifier.name(c), mixTotal == 0 ? 0.0 : round((double) n / mixTotal, 4));
        }

        // journeys
        List<Map.Entry<Long, long[]>> sorted = new ArrayList<>(shapes.entrySet());
        sorted.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : shapeName(a.getKey()).compareTo(shapeName(b.getKey())));
        List<TrafficModel.Journey> journeys = new ArrayList<>();
        for (int i = 0; i < Math.min(options.topJourneys(), sorted.size()); i++) {
            long shape = sorted.get(i).getKey();
            long n = sorted.get(i).getValue()[0];
            journeys.add(new TrafficModel.Journey(shapeName(shape), round((double) n / sessions, 4), n, steps(shape)));
        }

        long thinkSamples = Arrays.stream(thinkHist).sum();
        TrafficModel.ThinkTime think = new TrafficModel.ThinkTime(
                Duration.ofSeconds(percentileIndex(thinkHist, thinkSamples, 0.50)),
                Duration.ofSeconds(percentileIndex(thinkHist, thinkSamples, 0.90)),
                Duration.ofSeconds(percentileIndex(thinkHist, thinkSamples, 0.99)),
                Duration.ofSeconds(thinkSamples == 0 ? 0 : Math.round((double) thinkSum / thinkSamples)), thinkSamples);

        Map<String, Double> reach = new LinkedHashMap<>();
        for (int c = 0; c < reachCounts.length; c++) {
            if (c != staticId) {
                reach.put(classifier.name(c), sessions == 0 ? 0.0 : round((double) reachCounts[c] / sessions, 4));
            }
        }
        TrafficModel.Sessions sessionStats = new TrafficModel.Sessions(sessions, botSessions,
                Duration.ofSeconds(timeoutSeconds), sessions == 0 ? 0 : round((double) pagesSum / sessions, 2),
                (int) percentileIndex(pagesHist, sessions, 0.5), (int) percentileIndex(pagesHist, sessions, 0.9),
                Duration.ofSeconds(percentileIndex(durationHist, sessions, 0.5)),
                Duration.ofSeconds(percentileIndex(durationHist, sessions, 0.9)), reach);

        Map<String, Long> status = new LinkedHashMap<>();
        for (int s = 1; s <= 5; s++) {
            status.put(s + "xx", statusClass[s]);
        }
        if (statusClass[0] > 0) {
            status.put("other", statusClass[0]);
        }
        TrafficModel.Requests requests = new TrafficModel.Requests(total, pages, statics, botPages, status, badLines);
        TrafficModel.TimeRange range = new TrafficModel.TimeRange(time(minSecond, zone), time(maxSecond, zone),
                zone.getId(), covered);
        TrafficModel.Windows windows = windows(avg, options);
        return new TrafficModel(TrafficModel.SCHEMA_VERSION, "headroom model", sources, range, requests, rates, peak,
                heatmap, mix, round((double) statics / total, 4), journeys, think, sessionStats, windows);
    }

    private static TrafficModel.Windows windows(double[] avg, Options options) {
        Integer[] order = new Integer[168];
        for (int i = 0; i < 168; i++) {
            order[i] = i;
        }
        List<TrafficModel.HourLoad> avoid = new ArrayList<>();
        Arrays.stream(order).filter(i -> !Double.isNaN(avg[i]))
                .sorted((a, b) -> avg[a] != avg[b] ? Double.compare(avg[b], avg[a]) : Integer.compare(a, b))
                .limit(options.avoidHours())
                .forEach(i -> avoid.add(new TrafficModel.HourLoad(TrafficModel.DAYS.get(i / 24), i % 24, round(avg[i], 3))));

        int w = Math.max(1, Math.min(options.quietWindowHours(), 24));
        double[] windowAvg = new double[168];
        for (int start = 0; start < 168; start++) {
            double sum = 0;
            for (int k = 0; k < w; k++) {
                sum += avg[(start + k) % 168];
            }
            windowAvg[start] = sum / w; // NaN if any hour is not covered
        }
        List<Integer> starts = Arrays.stream(order).filter(i -> !Double.isNaN(windowAvg[i]))
                .sorted((a, b) -> windowAvg[a] != windowAvg[b] ? Double.compare(windowAvg[a], windowAvg[b]) : Integer.compare(a, b))
                .toList();
        List<TrafficModel.Window> quiet = new ArrayList<>();
        boolean[] taken = new boolean[168];
        for (int s : starts) {
            if (quiet.size() >= options.quietWindows()) {
                break;
            }
            boolean free = true;
            for (int k = 0; k < w; k++) {
                free &= !taken[(s + k) % 168];
            }
            if (free) {
                for (int k = 0; k < w; k++) {
                    taken[(s + k) % 168] = true;
                }
                quiet.add(new TrafficModel.Window(TrafficModel.DAYS.get(s / 24), s % 24, w, round(windowAvg[s], 3)));
            }
        }
        return new TrafficModel.Windows(avoid, quiet);
    }

    private String shapeName(long shape) {
        String name = String.join(">", steps(shape));
        return (shape & TRUNCATED) != 0 ? name + ">..." : name;
    }

    private List<String> steps(long shape) {
        List<String> steps = new ArrayList<>();
        int len = shapeLength(shape);
        for (int i = 0; i < len; i++) {
            steps.add(classifier.name((int) ((shape >>> (i * 5)) & 31) - 1));
        }
        return steps;
    }

    /** The smallest value v with at least {@code q} of the samples <= v (nearest-rank). */
    static long percentileIndex(long[] hist, long samples, double q) {
        if (samples == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * samples));
        long seen = 0;
        for (int v = 0; v < hist.length; v++) {
            seen += hist[v];
            if (seen >= rank) {
                return v;
            }
        }
        return hist.length - 1;
    }

    private static double percentile(long[] hist, long samples, double q) {
        return percentileIndex(hist, samples, q);
    }

    private static OffsetDateTime time(long epochSecond, ZoneId zone) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone);
    }

    static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
