package dev.headroom.load;

/**
 * Where the injector reports each request it made: {@link Recorder} in a benchmark, {@link
 * InjectorRuntime} (the recorder plus the live console) in a load test. Called from the injector's
 * event loops for every request, so implementations must be cheap and thread-safe.
 */
public interface RequestSink {

    /** One request of {@code group} that took {@code millis} and succeeded or not. */
    void record(String group, boolean ok, long millis);

    /**
     * One failed request whose cause Headroom itself knows (a redirect it refused to follow, too many
     * redirects), with a message worth reporting; {@code refused} when a hop was not sent because its
     * host is not on the allowlist. Keep messages free of per-request values (ids, full URLs): they are
     * counted by message.
     */
    void recordFailure(String group, long millis, String message, boolean refused);
}
