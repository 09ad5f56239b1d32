package dev.headroom.init;

/** Why {@code headroom init} wrote nothing, with a message fit for the person who ran it. */
public final class InitException extends RuntimeException {
    /** The kinds of reason, each with its own exit code in the command line. */
    public enum Reason {
        /** The URL is not an absolute http(s) URL, or an option is out of range. */
        BAD_INPUT,
        /** Files it would write exist already, and overwriting was not asked for. */
        FILES_EXIST,
        /** The shop gave no usable page: no answer, turned away, or sent elsewhere off the allowlist. */
        UNREACHABLE
    }

    private final Reason reason;

    public InitException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
