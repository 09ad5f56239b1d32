package dev.headroom.journey;

/**
 * A step could not do its work because the target's page was not what it needed (no such link,
 * no such form, a value that is not a number). The run turns it into the step's FAILED result: it
 * never leaves the runner.
 */
final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
        super(message, null, false, false);
    }
}
