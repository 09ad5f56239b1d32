package dev.headroom.model;

import java.nio.charset.StandardCharsets;

/**
 * The nginx/Apache combined format, hand-parsed by scanning (no regex):
 *
 * <pre>
 * 203.0.113.9 - - [16/Nov/2026:20:00:01 +0000] "GET /product/12?x=1 HTTP/1.1" 200 5120 "referer" "user agent" ["cookie"]
 * </pre>
 *
 * The common log format (no referer and user agent) is accepted too. Quoted fields may contain
 * {@code \"} and {@code \\} escapes (Apache) or {@code \x22} (nginx). An optional quoted field after
 * the user agent is taken as the session: the value of cookie {@code NAME} if it holds
 * {@code NAME=value}, else the whole field (unless it is {@code -}).
 */
final class CombinedLineParser implements LineParser {
    private final Timestamps timestamps = new Timestamps();
    private final byte[] cookiePrefix;

    CombinedLineParser(String sessionCookie) {
        this.cookiePrefix = (sessionCookie + "=").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean parse(byte[] b, int from, int to, ParsedLine out) {
        out.buf = b;
        int sp = indexOf(b, from, to, (byte) ' ');
        if (sp <= from) {
            return out.fail(sp == from ? "line starts with a space" : "not a combined log line (no fields)");
        }
        int ipFrom = from;
        int ipTo = sp;
        int open = indexOf(b, sp, to, (byte) '[');
        if (open < 0) {
            return out.fail("no [timestamp]");
        }
        if (open + 1 + Timestamps.LENGTH >= to || b[open + 1 + Timestamps.LENGTH] != ']') {
            return out.fail("malformed [timestamp]");
        }
        long t = timestamps.parse(b, open + 1);
        if (t == Long.MIN_VALUE) {
            return out.fail("malformed [timestamp]");
        }
        out.epochSecond = t;
        out.offsetSeconds = timestamps.offsetSeconds;
        int i = open + 1 + Timestamps.LENGTH + 1;
        if (i + 1 >= to || b[i] != ' ' || b[i + 1] != '"') {
            return out.fail("no quoted request after the timestamp");
        }
        int reqFrom = i + 2;
        int reqTo = closingQuote(b, reqFrom, to);
        if (reqTo < 0) {
            return out.fail("unterminated quoted request");
        }
        request(b, reqFrom, reqTo, out);
        i = reqTo + 1;
        if (i + 4 > to || b[i] != ' ') {
            return out.fail("no status after the request");
        }
        int status = 0;
        for (int k = i + 1; k < i + 4; k++) {
            byte c = b[k];
            if (c < '0' || c > '9') {
                return out.fail("status is not a number");
            }
            status = status * 10 + (c - '0');
        }
        if (i + 4 < to && b[i + 4] != ' ') {
            return out.fail("status is not a 3-digit number");
        }
        out.status = status;
        i += 4;
        // bytes sent, then optional "referer" "user agent" ["session"]
        int q = indexOf(b, i, to, (byte) '"');
        out.uaFrom = out.uaTo = to;
        long clientHash = Hashing.hash(b, ipFrom, ipTo);
        out.fromCookie = false;
        if (q >= 0) {
            int refTo = closingQuote(b, q + 1, to);
            if (refTo < 0) {
                return out.fail("unterminated quoted referer");
            }
            int uaOpen = refTo + 2;
            if (uaOpen < to && b[refTo + 1] == ' ' && b[uaOpen] == '"') {
                int uaTo = closingQuote(b, uaOpen + 1, to);
                if (uaTo < 0) {
                    return out.fail("unterminated quoted user agent");
                }
                out.uaFrom = uaOpen + 1;
                out.uaTo = uaTo;
                clientHash = Hashing.hash(clientHash, b, uaOpen + 1, uaTo);
                int k = uaTo + 1;
                while (k < to && b[k] == ' ') {
                    k++;
                }
                if (k < to && b[k] == '"') {
                    int cTo = closingQuote(b, k + 1, to);
                    if (cTo > k + 1) {
                        long session = session(b, k + 1, cTo);
                        if (session != 0) {
                            clientHash = session;
                            out.fromCookie = true;
                        }
                    }
                }
            }
        }
        out.clientHash = clientHash;
        return true;
    }

    /** Hash of the session in a cookie field, or 0 when it holds none. */
    private long session(byte[] b, int from, int to) {
        if (to - from == 1 && b[from] == '-') {
            return 0;
        }
        int n = cookiePrefix.length;
        for (int i = from; i + n <= to; i++) {
            if ((i == from || b[i - 1] == ' ' || b[i - 1] == ';')
                    && java.util.Arrays.equals(b, i, i + n, cookiePrefix, 0, n)) {
                int end = i + n;
                while (end < to && b[end] != ';') {
                    end++;
                }
                return end > i + n ? Hashing.hash(0x5E55L, b, i + n, end) | 1 : 0;
            }
        }
        if (indexOf(b, from, to, (byte) '=') >= 0) {
            return 0; // a cookie header without our cookie
        }
        return Hashing.hash(0x5E55L, b, from, to) | 1;
    }

    /** Sets the path from {@code METHOD URI PROTOCOL}; an odd request line leaves an empty path. */
    static void request(byte[] b, int from, int to, ParsedLine out) {
        int sp = indexOf(b, from, to, (byte) ' ');
        int uFrom = sp < 0 ? to : sp + 1;
        int uTo = indexOf(b, uFrom, to, (byte) ' ');
        if (uTo < 0) {
            uTo = to;
        }
        path(b, uFrom, uTo, out);
    }

    /** Sets the path from a URI: query string and an absolute URI's scheme and host are dropped. */
    static void path(byte[] b, int uFrom, int uTo, ParsedLine out) {
        if (uTo - uFrom > 8 && b[uFrom] == 'h' && b[uFrom + 1] == 't' && b[uFrom + 2] == 't' && b[uFrom + 3] == 'p') {
            int scheme = indexOf(b, uFrom, Math.min(uTo, uFrom + 8), (byte) ':');
            if (scheme > 0 && scheme + 2 < uTo && b[scheme + 1] == '/' && b[scheme + 2] == '/') {
                int slash = indexOf(b, scheme + 3, uTo, (byte) '/');
                uFrom = slash < 0 ? uTo : slash;
            }
        }
        int end = uFrom;
        while (end < uTo && b[end] != '?' && b[end] != '#') {
            end++;
        }
        out.pathFrom = uFrom;
        out.pathTo = end;
        out.pathHash = Hashing.hash(b, uFrom, end);
    }

    /** Index of the closing quote of a field starting at {@code from}, honouring backslash escapes; -1 if none. */
    static int closingQuote(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                i++;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
