package dev.headroom.journey;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.CheckSession;
import dev.headroom.process.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A step's {@code race}: its request sent several times at the same moment in one customer's
 * session (a double click on "Place order"); a copy wins when its response passes the step's
 * checks, and the step passes when exactly {@code winners} copies won.
 */
final class Racing {
    private Racing() {
    }

    /**
     * What a race came to.
     *
     * @param copies every copy's response, in the order sent
     * @param winners the copies that passed the step's checks
     * @param took the slowest copy's time
     * @param problem why the step fails (not exactly the expected winners), or null
     */
    record Outcome(Step step, List<CheckResult> copies, List<CheckResult> winners, Duration took, String problem) {
        /** The response the step shows: the first winner's, else the first copy's. */
        CheckResult shown() {
            return winners.isEmpty() ? copies.get(0) : winners.get(0);
        }

        /** Winner k (from 2) extracts into {@code name_k}, so cleanup steps can undo every winner. */
        void extractOtherWinners(StepContext ctx) {
            Map<String, String> vars = ctx.variables();
            for (int k = 2; k <= step.race().copies(); k++) {
                for (String name : step.extract().keySet()) {
                    vars.remove(name + "_" + k);
                }
            }
            for (int k = 2; k <= winners.size(); k++) {
                Page p = new Page(winners.get(k - 1));
                for (Map.Entry<String, Extract> e : step.extract().entrySet()) {
                    String value = e.getValue().read(p, ctx);
                    if (value != null) {
                        vars.put(e.getKey() + "_" + k, value);
                    }
                }
            }
        }
    }

    /** Races {@code request} as {@code step} says and judges every copy. */
    static Outcome run(CheckRequest request, Step step, StepContext ctx) {
        Step.Race race = step.race();
        List<CheckResult> copies = ctx.race(request, race.copies());
        Duration took = copies.stream().map(c -> c.timings().total()).max(Duration::compareTo).orElse(Duration.ZERO);
        List<CheckResult> winners = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (CheckResult c : copies) {
            boolean won = c.reachable() && Exchange.beforeExtraction(new Page(c), ctx) == null;
            if (won) {
                winners.add(c);
            }
            outcomes.add((c.reachable() ? String.valueOf(c.statusCode()) : "no response") + (won ? " (won)" : ""));
        }
        String problem = winners.size() == race.winners() ? null
                : race.copies() + " copies raced and " + winners.size() + " passed the step's checks;"
                        + " expected exactly " + race.winners() + " (responses: " + String.join(", ", outcomes) + ")";
        return new Outcome(step, copies, winners, took, problem);
    }

    /**
     * Sends {@code copies} copies of {@code request} in {@code session}, released together.
     *
     * @throws InterruptedException when interrupted meanwhile (the copies are cancelled)
     */
    static List<CheckResult> sendAtOnce(CheckSession session, CheckRequest request, int copies) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(copies, Threads.daemon("journey-race"));
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return session.execute(request);
                }));
            }
            go.countDown();
            List<CheckResult> out = new ArrayList<>();
            for (Future<CheckResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("race copy failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
