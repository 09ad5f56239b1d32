package dev.headroom.process;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headroom's own background threads: always daemons (a check, a pump or a ticker must never keep
 * the JVM alive after the command is done) and always named, so a thread dump says whose they are.
 */
public final class Threads {
    private Threads() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}...; for an executor. */
    public static ThreadFactory daemon(String name) {
        Objects.requireNonNull(name, "name");
        AtomicInteger n = new AtomicInteger();
        return r -> daemonThread(name + "-" + n.incrementAndGet(), r);
    }

    /** One daemon thread named {@code name}, not yet started. */
    public static Thread daemonThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
