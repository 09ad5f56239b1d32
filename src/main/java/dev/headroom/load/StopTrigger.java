package dev.headroom.load;

/**
 * Where a request to stop a running load test comes from: {@code headroom load} arms SIGTERM and
 * Ctrl-C for as long as the injector runs, a test arms nothing. The engine arms it just before it
 * starts the injector and disarms it once the injector has gone.
 */
@FunctionalInterface
public interface StopTrigger {

    /** Calls {@code stop} (from any thread, at most once needed) when a stop is requested, until disarmed. */
    Armed arm(Runnable stop);

    /** An armed trigger; closing it disarms it. */
    interface Armed extends AutoCloseable {
        @Override
        void close();
    }

    /** Never asks to stop. */
    static StopTrigger none() {
        return stop -> () -> { };
    }
}
