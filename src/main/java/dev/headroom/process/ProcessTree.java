package dev.headroom.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills a child process with everything it started, and waits until they are gone: what the
 * failover drill does to a command that outlived its time and {@code headroom load} to an injector
 * that would not stop. A process started in a session of its own ({@code setsid}) leads a process
 * group, and one kill of the group stops every member at once; descendants that left the group, or
 * a tree without one, are killed one by one, parents first.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Kills {@code p}'s whole tree (SIGKILL), and {@code alsoSeen} (descendants seen earlier, which
     * may have been handed to init since), then waits, up to {@code wait}, until all are gone (zombies
     * count as gone). Returns the pids still alive then.
     *
     * @param leadsGroup {@code p} was started as the leader of a process group of its own (with
     *     {@code setsid}); the group is killed unless /proc says otherwise
     */
    public static List<Long> kill(Process p, boolean leadsGroup, Collection<ProcessHandle> alsoSeen, Duration wait)
            throws InterruptedException {
        long pgid = p.pid();
        boolean ownGroup = leadsGroup && group(pgid).map(g -> g == pgid).orElse(true);
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(p.toHandle());
        p.toHandle().descendants().forEach(tree::add); // breadth first: parents before their children
        alsoSeen.stream().filter(h -> !tree.contains(h)).forEach(tree::add);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) { // bounded: the deadline
            if (ownGroup) {
                killGroup(pgid);
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            Set<Long> alive = new LinkedHashSet<>();
            tree.stream().filter(ProcessTree::running).forEach(h -> alive.add(h.pid()));
            if (ownGroup) {
                groupMembers(pgid).stream().filter(ProcessTree::running).forEach(h -> {
                    alive.add(h.pid());
                    tree.add(h);
                });
            }
            if (alive.isEmpty()) {
                p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS); // reap it
                return List.of();
            }
            if (System.nanoTime() > deadline) {
                return List.copyOf(alive);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Stops {@code p} alone, politely: SIGTERM, and SIGKILL if it is still running after {@code grace};
     * then waits up to {@code grace} again for it to go. For a server that cleans up on SIGTERM (HAProxy,
     * Prometheus); an interrupt kills it at once and keeps the thread's interrupt status.
     */
    public static void stop(Process p, Duration grace) {
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** kill(-pgid, SIGKILL) through the shell's builtin: Java has no call for a process group, and dash has it everywhere. */
    private static void killGroup(long pgid) throws InterruptedException {
        try {
            Process k = new ProcessBuilder("sh", "-c", "kill -s KILL -- -" + pgid + " 2>/dev/null")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            if (!k.waitFor(2, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            // cannot fork: the one-by-one kill still runs
        }
    }

    /** Alive and not a zombie (a killed process whose parent, often init, has not reaped it yet can do nothing). */
    public static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        return stat(h.pid()).map(s -> s.length() > 0 && s.charAt(0) != 'Z' && s.charAt(0) != 'X').orElse(true);
    }

    /** The process group of {@code pid}, from Linux's /proc (ProcessHandle does not say); empty elsewhere. */
    public static Optional<Long> group(long pid) {
        return stat(pid).flatMap(s -> {
            String[] f = s.split(" ");
            try {
                return f.length > 2 ? Optional.of(Long.parseLong(f[2])) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static List<ProcessHandle> groupMembers(long pgid) {
        return ProcessHandle.allProcesses().filter(h -> group(h.pid()).map(g -> g == pgid).orElse(false)).toList();
    }

    /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ... */
    private static Optional<String> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')');
            return close < 0 ? Optional.empty() : Optional.of(s.substring(close + 1).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
