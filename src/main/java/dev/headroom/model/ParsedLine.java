package dev.headroom.model;

/**
 * One parsed access-log line, as offsets into the reader's buffer: a single instance is reused for
 * every line, so parsing allocates nothing per line.
 */
final class ParsedLine {
    /** Request time, seconds since the epoch (UTC). */
    long epochSecond;
    /** The line's UTC offset in seconds (0 when the log gives none). */
    int offsetSeconds;
    /** The bytes {@link #pathFrom}..{@link #pathTo} point into (the read buffer, or a scratch copy). */
    byte[] buf;
    /** The path, without query string; empty when the request line had none. */
    int pathFrom;
    int pathTo;
    long pathHash;
    int status;
    /** The user agent in {@link #buf}; empty if the log has none. */
    int uaFrom;
    int uaTo;
    /** Session key: hash of the session cookie when present, else of client address and user agent. */
    long clientHash;
    boolean fromCookie;
    /** The line's number in its file (from 1), set by the reader. */
    long lineNumber;
    /** Why the line was rejected, set when a parser returns false. */
    String error;

    boolean fail(String reason) {
        error = reason;
        return false;
    }
}
