package dev.headroom.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action on SIGTERM and SIGINT (Ctrl-C) instead of letting the JVM exit at once, so a
 * long-running command can stop cleanly and return its own exit code. Closing restores the
 * previous handlers. Where signals cannot be handled (e.g. under {@code -Xrs}) it falls back to a
 * shutdown hook that runs the action and waits a few seconds for the command to finish.
 */
@SuppressWarnings("sunapi")
final class StopSignals implements AutoCloseable {
    private final List<Restore> restores = new ArrayList<>();
    private Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);

    private record Restore(sun.misc.Signal signal, sun.misc.SignalHandler previous) {
    }

    private StopSignals() {
    }

    static StopSignals install(Runnable action) {
        StopSignals s = new StopSignals();
        try {
            for (String name : List.of("TERM", "INT")) {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, sig -> action.run());
                s.restores.add(new Restore(signal, previous));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            s.hook = new Thread(() -> {
                action.run();
                try {
                    s.closed.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, "crawl-shutdown");
            Runtime.getRuntime().addShutdownHook(s.hook);
        }
        return s;
    }

    /**
     * Blocks until the JVM shuts down (SIGTERM, Ctrl-C), then closes {@code resource} from the
     * shutdown hook: for commands that serve until stopped (the storefront, the demo's
     * {@code --keep-running}).
     */
    static void closeOnShutdown(AutoCloseable resource, String threadName) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(dev.headroom.process.Threads.daemonThread(threadName, () -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("headroom: while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }

    @Override
    public void close() {
        for (Restore r : restores) {
            try {
                sun.misc.Signal.handle(r.signal(), r.previous());
            } catch (IllegalArgumentException e) {
                // leave ours: it only asks a finished schedule to stop
            }
        }
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and waits for this
            }
        }
    }
}
