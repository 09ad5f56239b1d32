package dev.headroom.failover;

import dev.headroom.process.ProcessTree;
import dev.headroom.process.Threads;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of a drill's shell commands ({@code sh -c}) with a time limit. Two things make it safe
 * to run a command that takes an origin down:
 *
 * <ul>
 *   <li>the command runs in a session (and process group) of its own ({@code setsid}), so that when
 *       its time is up the whole process tree is killed, not just the shell, and the drill waits
 *       until it is gone: a killed {@code sh -c 'sleep 5; systemctl stop shop'} must not take an
 *       origin down after the drill has moved on;
 *   <li>its stdout and stderr stream to log files, each capped at {@link #LOG_CAP_BYTES}, and only
 *       their last lines stay in memory: a command that prints without end ({@code yes}) costs
 *       disk up to the cap and no heap.
 * </ul>
 *
 * A command that ends on its own is not cleaned up after: what it left running in the background
 * (an origin it restarted, say) is its business.
 */
final class ShellCommand {
    /** Each stream's log stops growing here; the rest is read and discarded, so the command never blocks. */
    static final long LOG_CAP_BYTES = 8L * 1024 * 1024;
    /** Lines of each stream kept for the report and the console. */
    static final int TAIL_LINES = 20;
    /** Bytes of each stream kept in memory, from which the tail's lines are cut. */
    static final int TAIL_BYTES = 4096;
    /** How long a killed tree may take to be gone before the drill says so and goes on. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** How long the output may stay open once the command has ended (a background child may hold it). */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private static final Optional<String> SETSID = findSetsid();

    private final Duration timeout;
    private final Path logDir;
    private final long logCap;

    /**
     * @param timeout the command, with every process it started, is killed after this
     * @param logDir where {@code NAME.stdout.log} and {@code NAME.stderr.log} go
     */
    ShellCommand(Duration timeout, Path logDir) {
        this(timeout, logDir, LOG_CAP_BYTES);
    }

    ShellCommand(Duration timeout, Path logDir, long logCap) {
        this.timeout = timeout;
        this.logDir = logDir;
        this.logCap = logCap;
    }

    /** How a command ended. {@code failure} is null when it exited 0; {@code exitCode} is -1 when it was killed or never started. */
    record Outcome(int exitCode, String failure, long tookMs, String stdoutTail, String stderrTail, Path stdoutLog, Path stderrLog) {
    }

    /** Runs {@code command} under {@code name} ("down", "up"); returns when it, and on a time-out its whole tree, is gone. */
    Outcome run(String name, String command) throws InterruptedException {
        long start = System.nanoTime();
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(argv::add);
        argv.addAll(List.of("sh", "-c", command));
        Process p;
        try {
            // No terminal and no stdin: a command that prompts gets end-of-file at once instead of hanging the drill.
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return new Outcome(-1, "could not start: " + e.getMessage(), millisSince(start), "", "", null, null);
        }
        Pump out = Pump.start(p.getInputStream(), logDir.resolve(name + ".stdout.log"), logCap, "drill-" + name + "-stdout");
        Pump err = Pump.start(p.getErrorStream(), logDir.resolve(name + ".stderr.log"), logCap, "drill-" + name + "-stderr");
        // Ctrl-C while the command runs must not leave it running on its own (it has its own session: the terminal's
        // SIGINT does not reach it).
        Thread onExit = new Thread(() -> {
            try {
                kill(p, Duration.ofSeconds(1));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "drill-" + name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
        String failure;
        int exit;
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
                failure = exit == 0 ? null : "exit " + exit;
            } else {
                exit = -1;
                List<Long> survivors = kill(p, KILL_WAIT);
                failure = "timed out after " + DrillResult.seconds(timeout.toMillis()) + " and was killed, with every process it started"
                        + (survivors.isEmpty() ? "" : "; processes " + survivors + " were still alive "
                                + KILL_WAIT.toSeconds() + " s later");
            }
        } catch (InterruptedException e) {
            kill(p, Duration.ofSeconds(1));
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the command
            }
        }
        boolean outClosed = out.await(OUTPUT_DRAIN);
        boolean errClosed = err.await(OUTPUT_DRAIN);
        if (exit == -1 && !(outClosed && errClosed)) {
            failure += "; something it started still holds its output open (it may have left the command's session)";
        }
        return new Outcome(exit, failure, millisSince(start), out.tail(), err.tail(), out.log(), err.log());
    }

    /**
     * Kills the command's whole tree and waits, up to {@code wait}, until it is gone; returns the pids
     * still alive then. With {@code setsid} the shell leads a process group of its own: one kill of the
     * group stops every member at once (none gets to run another line of the script); see {@link ProcessTree}.
     */
    static List<Long> kill(Process p, Duration wait) throws InterruptedException {
        return ProcessTree.kill(p, SETSID.isPresent(), List.of(), wait);
    }

    private static Optional<String> findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Copies one stream to its log (up to the cap) and keeps its last bytes, on a thread of its own. */
    static final class Pump {
        private final byte[] ring = new byte[TAIL_BYTES];
        private long total;
        private final Thread thread;
        private volatile Path log;

        private Pump(InputStream in, Path file, long cap, String threadName) {
            this.log = file;
            this.thread = Threads.daemonThread(threadName, () -> copy(in, file, cap));
        }

        static Pump start(InputStream in, Path file, long cap, String threadName) {
            Pump pump = new Pump(in, file, cap, threadName);
            pump.thread.start();
            return pump;
        }

        private void copy(InputStream in, Path file, long cap) {
            OutputStream fileOut = null;
            try {
                Files.createDirectories(file.getParent());
                fileOut = Files.newOutputStream(file);
            } catch (IOException e) {
                log = null; // the tail is still kept
            }
            long written = 0;
            byte[] buf = new byte[8192];
            try (InputStream input = in) {
                int n;
                while ((n = input.read(buf)) > 0) {
                    keep(buf, n);
                    if (fileOut != null && written < cap) {
                        int part = (int) Math.min(n, cap - written);
                        fileOut.write(buf, 0, part);
                        written += part;
                        if (written >= cap) {
                            fileOut.write(String.format(Locale.ROOT, "%n[headroom: the log stops here, at its cap of %d bytes;"
                                    + " the rest of the output was read and discarded]%n", cap).getBytes(StandardCharsets.UTF_8));
                            fileOut.close();
                            fileOut = null;
                        }
                    }
                }
            } catch (IOException ended) {
                // the process ended or was killed: what was read stays
            } finally {
                if (fileOut != null) {
                    try {
                        fileOut.close();
                    } catch (IOException ignored) {
                        // the log is as complete as it got
                    }
                }
            }
        }

        private synchronized void keep(byte[] buf, int n) {
            int from = Math.max(0, n - ring.length);
            for (int i = from; i < n; i++) {
                ring[(int) ((total + i) % ring.length)] = buf[i];
            }
            total += n;
        }

        boolean await(Duration wait) throws InterruptedException {
            thread.join(Math.max(1, wait.toMillis()));
            return !thread.isAlive();
        }

        Path log() {
            return log;
        }

        /** The last {@link #TAIL_LINES} lines (a first line cut by the ring is dropped), stripped. */
        synchronized String tail() {
            int kept = (int) Math.min(total, ring.length);
            byte[] last = new byte[kept];
            for (int i = 0; i < kept; i++) {
                last[i] = ring[(int) ((total - kept + i) % ring.length)];
            }
            String text = new String(last, StandardCharsets.UTF_8);
            if (total > ring.length && text.indexOf('\n') >= 0) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            String[] lines = text.strip().split("\r?\n", -1);
            int first = Math.max(0, lines.length - TAIL_LINES);
            return String.join("\n", java.util.Arrays.asList(lines).subList(first, lines.length)).strip();
        }
    }
}
