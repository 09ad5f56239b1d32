package dev.headroom.model;

/** Parses one line (without its line terminator) into a reused {@link ParsedLine}. */
interface LineParser {
    /** True if {@code buf[from, to)} is a request line; false with {@link ParsedLine#error} set if not. */
    boolean parse(byte[] buf, int from, int to, ParsedLine out);
}
