package dev.headroom.model;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Parses the combined log format's {@code 16/Nov/2026:20:00:01 +0000}, caching the minute. */
final class Timestamps {
    /** Length of {@code dd/MMM/yyyy:HH:mm:ss +zzzz}. */
    static final int LENGTH = 26;
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times a log line can carry (four-digit years). */
    static final long MIN_SECOND = -62_167_219_200L;
    static final long MAX_SECOND = 253_402_300_799L;

    private final byte[] cachedPrefix = new byte[17];
    private final byte[] cachedZone = new byte[5];
    private boolean cached;
    private long cachedMinute;
    private int cachedOffset;
    int offsetSeconds;

    /** Epoch second of {@code b[at, at + 26)}, or Long.MIN_VALUE if it is not a timestamp. */
    long parse(byte[] b, int at) {
        if (at + LENGTH > b.length || b[at + 20] != ' ') {
            return Long.MIN_VALUE;
        }
        int s1 = digit(b[at + 18]);
        int s2 = digit(b[at + 19]);
        if (b[at + 17] != ':' || s1 < 0 || s2 < 0 || s1 > 5) {
            return Long.MIN_VALUE;
        }
        int seconds = s1 * 10 + s2;
        if (cached && java.util.Arrays.equals(b, at, at + 17, cachedPrefix, 0, 17)
                && java.util.Arrays.equals(b, at + 21, at + 26, cachedZone, 0, 5)) {
            offsetSeconds = cachedOffset;
            return cachedMinute + seconds;
        }
        long minute = parseMinute(b, at);
        if (minute == Long.MIN_VALUE) {
            return minute;
        }
        System.arraycopy(b, at, cachedPrefix, 0, 17);
        System.arraycopy(b, at + 21, cachedZone, 0, 5);
        cachedMinute = minute;
        cachedOffset = offsetSeconds;
        cached = true;
        return minute + seconds;
    }

    /** True if {@code epochSecond} lies in years 0000 to 9999. */
    static boolean inRange(long epochSecond) {
        return epochSecond >= MIN_SECOND && epochSecond <= MAX_SECOND;
    }

    private long parseMinute(byte[] b, int at) {
        int day = two(b, at);
        int month = month(b, at + 3);
        int year = two(b, at + 7) * 100 + two(b, at + 9);
        int hour = two(b, at + 12);
        int minute = two(b, at + 15);
        if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || b[at + 2] != '/' || b[at + 6] != '/'
                || b[at + 11] != ':' || b[at + 14] != ':' || hour > 23 || minute > 59) {
            return Long.MIN_VALUE;
        }
        byte sign = b[at + 21];
        int zh = two(b, at + 22);
        int zm = two(b, at + 24);
        if ((sign != '+' && sign != '-') || zh < 0 || zm < 0 || zh > 18 || zm > 59) {
            return Long.MIN_VALUE;
        }
        int offset = (sign == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        offsetSeconds = offset;
        return epochDay * 86_400 + hour * 3600L + minute * 60L - offset;
    }

    private static int month(byte[] b, int at) {
        for (int m = 0; m < 12; m++) {
            if (MONTHS.charAt(m * 3) == b[at] && MONTHS.charAt(m * 3 + 1) == b[at + 1] && MONTHS.charAt(m * 3 + 2) == b[at + 2]) {
                return m + 1;
            }
        }
        return -1;
    }

    private static int two(byte[] b, int at) {
        int d1 = digit(b[at]);
        int d2 = digit(b[at + 1]);
        return d1 < 0 || d2 < 0 ? -1 : d1 * 10 + d2;
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
