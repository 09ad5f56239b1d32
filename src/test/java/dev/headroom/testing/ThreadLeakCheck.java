package dev.headroom.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves non-daemon threads running: a thread it started (directly or through the code
 * under test) that is still alive a short grace period after its last test is a pool, server or loop someone
 * forgot to close, and a non-daemon one keeps a real {@code headroom} process from exiting.
 *
 * <p>Registered for every test class through {@code META-INF/services} and JUnit's extension autodetection
 * ({@code junit-platform.properties}). Being registered first, its after-all callback runs last, after the
 * class's own {@code @AfterAll} methods and extensions have closed what they opened. Daemon threads are
 * ignored: they never hold the JVM up.
 */
public final class ThreadLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ThreadLeakCheck.class);
    /** Long enough for a closed pool's workers to finish their last task and exit. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * Non-daemon threads that are not leaks, by name prefix. Each is the JVM's or the test runner's, started
     * once and kept for the whole run, so a class that happens to start it first is not to blame.
     */
    static final List<String> KNOWN = List.of(
            "DestroyJavaVM", // the JVM's, waits for main to end
            "Attach Listener", // the JVM's, started when a tool (jcmd, a profiler) attaches
            "surefire-forkedjvm-", // Maven Surefire's own command and ping readers in the forked JVM
            "junit-jupiter-timeout-watcher"); // JUnit's @Timeout scheduler: started by the first class with a timeout, kept for the run

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), Set.copyOf(Thread.getAllStackTraces().keySet()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) {
        Set<Thread> before = (Set<Thread>) context.getStore(NAMESPACE).get(context.getUniqueId());
        if (before == null) {
            return;
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<Thread> leaked = leaked(before);
        while (!leaked.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leaked = leaked(before);
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left " + leaked.size() + " non-daemon thread(s) running "
                    + GRACE.toSeconds() + " s after its last test: "
                    + leaked.stream().map(ThreadLeakCheck::describe).collect(Collectors.joining("; ")));
        }
    }

    /** Live non-daemon threads started since {@code before}, not known to be the JVM's or the runner's. */
    static List<Thread> leaked(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t) && t != Thread.currentThread())
                .filter(t -> KNOWN.stream().noneMatch(t.getName()::startsWith))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .collect(Collectors.toList());
    }

    private static String describe(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String where = stack.length == 0 ? "" : " at " + stack[0] + (stack.length > 1 ? " < " + stack[1] : "");
        String group = t.getThreadGroup() == null ? "" : " in group " + t.getThreadGroup().getName();
        return "'" + t.getName() + "' (" + t.getState() + group + where + ")";
    }
}
