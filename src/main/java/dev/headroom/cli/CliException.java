package dev.headroom.cli;

/**
 * An error meant for the person at the terminal: its message is printed as one line, with no stack
 * trace, and the process exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException unreachable(String message) {
        return new CliException(ExitCode.UNREACHABLE, message);
    }
}
