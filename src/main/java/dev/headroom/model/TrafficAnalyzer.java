package dev.headroom.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates parsed lines into compact primitive structures and builds the {@link TrafficModel}.
 * Memory is bounded by the hours that hold requests (three ints per second of such an hour) and by
 * the sessions open at once (closed after {@code sessionTimeout} idle); no per-line object is kept.
 * Building the model walks only those hours, so two lines years apart cost two hours, not years of
 * seconds; the silent time between them is counted arithmetically.
 *
 * <p>The model's time window leaves out a few requests dated far outside the rest of the log (see
 * {@link #window}), and says so in its notes. Lines should come roughly in time order (as access
 * logs are); give several files oldest first.
 */
public final class TrafficAnalyzer {
    /** Steps kept per journey shape; longer journeys end in "...". */
    public static final int MAX_STEPS = 12;
    private static final long TRUNCATED = 1L << 63;
    private static final int MAX_PAGES_BUCKET = 1000;
    private static final int MAX_SHAPES = 200_000;
    private static final long DAY = 86_400;
    private static final long WEEK = 7 * DAY;
    /** Requests far outside the log named in its notes; the rest are only counted. */
    private static final int OUTLIERS_NAMED = 3;

    private final RouteClassifier classifier;
    private final long timeoutSeconds;
    private final int staticId;

    // per-second counts of the hours that hold requests, by hour since the epoch
    private final HashMap<Long, Hour> hours = new HashMap<>();
    private long lastHourKey = Long.MIN_VALUE;
    private int[] lastHour;
    private final List<String> files = new ArrayList<>();

    private long total;
    private long pages;
    private long statics;
    private long botPages;
    private final long[] statusClass = new long[6];
    private final long[] classCounts;
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
    private long jumpTo = Long.MIN_VALUE; // a page line more than a day off the clock, until the next one confirms it

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

    /** One hour that holds requests, and where its first request was read (to name it if it is far off). */
    private static final class Hour {
        /** Per second: all requests 0..3599, pages 3600..7199, new customer sessions 7200..10799. */
        final int[] counts = new int[3 * 3600];
        final int file;
        final long line;
        final long second;

        Hour(int file, long line, long second) {
            this.file = file;
            this.line = line;
            this.second = second;
        }
    }

    /** The lines accepted from now on come from {@code name} (for notes that point at a line). */
    void startFile(String name) {
        files.add(name);
    }

    /** Counts one parsed request. */
    void accept(ParsedLine line) {
        long t = line.epochSecond;
        total++;
        if (firstOffset == null) {
            firstOffset = line.offsetSeconds;
        }
        int sc = line.status / 100;
        statusClass[sc >= 1 && sc <= 5 ? sc : 0]++;
        int[] chunk = chunk(Math.floorDiv(t, 3600), line);
        int sec = (int) Math.floorMod(t, 3600);
        chunk[sec]++;
        int cls = classifier.classify(line.buf, line.pathFrom, line.pathTo, line.pathHash);
        if (cls == staticId) {
            statics++;
            return;
        }
        pages++;
        chunk[3600 + sec]++;
        tick(t);
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

    private int[] chunk(long hourKey, ParsedLine line) {
        if (hourKey == lastHourKey) {
            return lastHour;
        }
        Hour h = hours.get(hourKey);
        if (h == null) {
            h = new Hour(files.size() - 1, line.lineNumber, line.epochSecond);
            hours.put(hourKey, h);
        }
        lastHourKey = hourKey;
        lastHour = h.counts;
        return h.counts;
    }

    /**
     * Moves the sessions' clock to page time {@code t} and sweeps idle sessions now and then. A jump
     * of more than a day either way is taken only when the next page line confirms it: one stray line
     * dated 2099 would otherwise close every open session (splitting them) and stop the sweeps.
     */
    private void tick(long t) {
        if (clock == Long.MIN_VALUE) {
            // start the sweeps' clock too: clock - Long.MIN_VALUE overflows, and no sweep would ever run
            clock = t;
            lastSweep = t;
            return;
        }
        if (Math.abs(t - clock) > DAY) {
            if (jumpTo == Long.MIN_VALUE || Math.abs(t - jumpTo) > DAY) {
                jumpTo = t;
                return;
            }
            clock = t;
            jumpTo = Long.MIN_VALUE;
            sweep(t);
            return;
        }
        jumpTo = Long.MIN_VALUE;
        if (t > clock) {
            clock = t;
            if (clock - lastSweep >= 60) {
                sweep(clock);
            }
        }
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
        ZoneRules rules = zone.getRules();

        // the hours that hold requests, in time order: everything below walks these, never the time span
        long[] keys = hours.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] hourTotals = new long[keys.length];
        for (int k = 0; k < keys.length; k++) {
            int[] c = hours.get(keys[k]).counts;
            for (int sec = 0; sec < 3600; sec++) {
                hourTotals[k] += c[sec];
            }
        }
        int[] kept = window(keys, hourTotals, total);
        int lo = kept[0];
        int hi = kept[1];
        long minSecond = keys[lo] * 3600 + firstSecond(hours.get(keys[lo]).counts);
        long maxSecond = keys[hi] * 3600 + lastSecond(hours.get(keys[hi]).counts);
        long covered = maxSecond - minSecond + 1;
        long inWindow = 0;
        for (int k = lo; k <= hi; k++) {
            inWindow += hourTotals[k];
        }

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
        long longestGap = 0; // silent seconds between two requests
        long gapAfter = 0;
        long previousLast = Long.MIN_VALUE;
        for (int k = lo; k <= hi; k++) {
            long h = keys[k];
            int[] c = hours.get(h).counts;
            long hourStart = h * 3600;
            if (k > lo && h > keys[k - 1] + 1) {
                // whole hours without a request: silent seconds, counted without visiting them
                long silentFrom = (keys[k - 1] + 1) * 3600;
                rateHist[0] += hourStart - silentFrom;
                addSilent(silentFrom, hourStart, rules, heatSeconds);
            }
            long first = hourStart + firstSecond(c);
            if (previousLast != Long.MIN_VALUE && first - previousLast - 1 > longestGap) {
                longestGap = first - previousLast - 1;
                gapAfter = previousLast;
            }
            previousLast = hourStart + lastSecond(c);
            int from = (int) Math.max(0, minSecond - hourStart);
            int to = (int) Math.min(3599, maxSecond - hourStart);
            ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(hourStart));
            long hourCount = 0;
            for (int m = 0; m < 60; m++) {
                long minuteCount = 0;
                for (int sec = m * 60; sec < m * 60 + 60; sec++) {
                    int n = c[sec];
                    minuteCount += n;
                    if (sec >= from && sec <= to) {
                        if (n >= rateHist.length) {
                            rateHist = Arrays.copyOf(rateHist, Math.max(n + 1, rateHist.length * 2));
                        }
                        rateHist[n]++;
                        if (n > maxSecCount) {
                            maxSecCount = n;
                            maxSec = hourStart + sec;
                        }
                        int how = hourOfWeek(hourStart + sec + offset.getTotalSeconds());
                        heatSum[how] += n;
                        heatSeconds[how]++;
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
        List<String> notes = new ArrayList<>();
        for (TrafficModel.Source source : sources) {
            if (source.readError() != null) {
                notes.add(source.readError() + "; the model is built from the lines before it");
            }
        }
        long excluded = total - inWindow;
        if (excluded > 0) {
            notes.add(outlierNote(keys, hourTotals, lo, hi, excluded, minSecond, maxSecond, zone));
        }
        if (longestGap >= DAY && longestGap * 2 >= covered) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "no request for %s, from %s to %s (%.0f%% of the time range): the mean rate, the percentiles and the heatmap "
                            + "count those seconds as silent",
                    days(longestGap), iso(gapAfter, zone), iso(gapAfter + longestGap + 1, zone), 100.0 * longestGap / covered));
        }
        int[] peakChunk = hours.get(Math.floorDiv(bestMinute, 3600)).counts;
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
        TrafficModel.Rates rates = new TrafficModel.Rates(round((double) inWindow / covered, 3),
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

        long pageRequests = 0;
        for (int c = 0; c < classCounts.length; c++) {
            pageRequests += c == staticId ? 0 : classCounts[c];
        }
        String unclassified = classifier.unclassifiedWarning(classCounts[classifier.otherId()], pageRequests);
        if (unclassified != null) {
            notes.add(unclassified);
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
                zone.getId(), covered, excluded);
        TrafficModel.Windows windows = windows(avg, options);
        return new TrafficModel(TrafficModel.SCHEMA_VERSION, "headroom model", sources, range, requests, rates, peak,
                heatmap, mix, round((double) statics / total, 4), journeys, think, sessionStats, windows, notes);
    }

    /**
     * The data hours {@code [lo, hi]} (indexes into {@code keys}) that make the log's time window. A
     * few requests beyond a silent gap longer than a day and longer than all the rest of the log (a
     * clock reset to 1970, a year mistyped as 2099) would stretch every rate over that gap; they are
     * left out, at most 1% of the requests in all. Cutting one end shortens the rest of the log, which
     * may let the other end be cut: so both ends are tried until neither changes.
     */
    static int[] window(long[] keys, long[] hourTotals, long total) {
        int lo = 0;
        int hi = keys.length - 1;
        long excluded = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            long outer = excluded;
            int cut = -1;
            for (int i = lo; i < hi; i++) {
                outer += hourTotals[i];
                if (outer * 100 > total) {
                    break;
                }
                if (farApart(keys[i + 1] - keys[i] - 1, keys[hi] - keys[i + 1] + 1)) {
                    cut = i;
                }
            }
            for (; cut >= lo; lo++, changed = true) {
                excluded += hourTotals[lo];
            }
            outer = excluded;
            cut = -1;
            for (int i = hi; i > lo; i--) {
                outer += hourTotals[i];
                if (outer * 100 > total) {
                    break;
                }
                if (farApart(keys[i] - keys[i - 1] - 1, keys[i - 1] - keys[lo] + 1)) {
                    cut = i;
                }
            }
            for (; cut >= 0 && hi >= cut; hi--, changed = true) {
                excluded += hourTotals[hi];
            }
        }
        return new int[] {lo, hi};
    }

    /** A silent gap of {@code silentHours} sets apart what lies beyond it from the {@code restHours} of log. */
    private static boolean farApart(long silentHours, long restHours) {
        return silentHours >= 24 && silentHours > restHours;
    }

    private String outlierNote(long[] keys, long[] hourTotals, int lo, int hi, long excluded, long minSecond, long maxSecond,
            ZoneId zone) {
        List<String> named = new ArrayList<>();
        int farHours = keys.length - (hi - lo + 1);
        for (int k = 0; k < keys.length && named.size() < OUTLIERS_NAMED; k++) {
            if (k < lo || k > hi) {
                Hour h = hours.get(keys[k]);
                named.add((h.file >= 0 ? files.get(h.file) + ":" : "line ") + h.line + " at " + iso(h.second, zone)
                        + (hourTotals[k] > 1 ? " (" + hourTotals[k] + " requests that hour)" : ""));
            }
        }
        return excluded + (excluded == 1 ? " request is" : " requests are") + " dated far outside the rest of the log ("
                + iso(minSecond, zone) + " to " + iso(maxSecond, zone) + ") and left out of the rates, the peak and the heatmap: "
                + String.join(", ", named) + (farHours > named.size() ? " and " + (farHours - named.size()) + " more hours" : "");
    }

    /** The first second of an hour with a request (the hour has one). */
    private static int firstSecond(int[] counts) {
        int sec = 0;
        while (sec < 3599 && counts[sec] == 0) {
            sec++;
        }
        return sec;
    }

    private static int lastSecond(int[] counts) {
        int sec = 3599;
        while (sec > 0 && counts[sec] == 0) {
            sec--;
        }
        return sec;
    }

    /** Index of the heatmap's hour of week (Monday 00:00 = 0) of a local epoch second. */
    private static int hourOfWeek(long localSecond) {
        int dow = (int) Math.floorMod(Math.floorDiv(localSecond, DAY) + 3, 7); // 1970-01-01 was a Thursday
        int hod = (int) (Math.floorMod(localSecond, DAY) / 3600);
        return dow * 24 + hod;
    }

    /**
     * Adds the seconds {@code [from, to)}, none of which holds a request, to the heatmap's seconds per
     * hour of week: whole weeks at once, then at most a week hour by hour, between offset changes.
     */
    static void addSilent(long from, long to, ZoneRules rules, long[] heatSeconds) {
        while (from < to) {
            Instant at = Instant.ofEpochSecond(from);
            ZoneOffsetTransition next = rules.isFixedOffset() ? null : rules.nextTransition(at);
            long end = next == null ? to : Math.min(to, next.toEpochSecond());
            int offset = rules.getOffset(at).getTotalSeconds();
            long local = from + offset;
            long localEnd = end + offset;
            long weeks = (localEnd - local) / WEEK;
            if (weeks > 0) {
                for (int i = 0; i < heatSeconds.length; i++) {
                    heatSeconds[i] += weeks * 3600;
                }
                local += weeks * WEEK;
            }
            while (local < localEnd) {
                long stop = Math.min(localEnd, Math.floorDiv(local, 3600) * 3600 + 3600);
                heatSeconds[hourOfWeek(local)] += stop - local;
                local = stop;
            }
            from = end;
        }
    }

    private static String days(long seconds) {
        return seconds >= 2 * DAY ? String.format(java.util.Locale.ROOT, "%,d days", seconds / DAY)
                : String.format(java.util.Locale.ROOT, "%d hours", seconds / 3600);
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

    private static String iso(long epochSecond, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time(epochSecond, zone));
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
