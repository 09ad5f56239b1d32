package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.headroom.http.Redactor;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.journey.Action;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRun;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.Step;
import dev.headroom.journey.StepResult;
import dev.headroom.load.DataFeed;
import dev.headroom.load.InjectorRuntime;
import dev.headroom.load.RunSettings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One journey file of the mix as Gatling chains: for each virtual customer a new {@link JourneyRun}
 * (its variables from the data file's next row), then, as long as the run has a step waiting,
 * that step's chain: a request (with its own name, timeout and the methods it may use, its
 * redirects followed hop by hop) or a pause. The steps are built and judged by the run, so the load
 * test runs the journey with the monitor's meaning; Gatling only sends.
 *
 * <p>Each request step is recorded as one request of the group {@code journey/step}; each finished
 * run counts its steps' verdicts and its own (step "").
 */
final class JourneyLoad {
    private final RunSettings.JourneyPlan plan;
    private final Journey journey;
    private final Map<String, String> env;
    private final DataFeed data;
    private final RunSettings settings;
    private final InjectorRuntime runtime;
    private final TargetAllowlist allowlist;
    private final Redactor redactor = Redactor.defaults();
    private final BiConsumer<String, JourneyResult> onResult;

    JourneyLoad(RunSettings.JourneyPlan plan, RunSettings settings, InjectorRuntime runtime, BiConsumer<String, JourneyResult> onResult) {
        this.plan = plan;
        this.settings = settings;
        this.runtime = runtime;
        this.onResult = onResult;
        this.allowlist = settings.targetAllowlist();
        this.journey = JourneyLoader.load(Path.of(plan.file())); // checked by ./headroom load already
        Map<String, String> e = new HashMap<>();
        if (plan.envFile() != null) {
            e.putAll(EnvFile.read(Path.of(plan.envFile())));
        }
        e.putAll(System.getenv());
        this.env = Map.copyOf(e);
        this.data = plan.dataFile() == null ? null
                : DataFeed.read(Path.of(plan.dataFile()), plan.dataOrder(), journey.variables().keySet(), journey.name());
    }

    String name() {
        return plan.name();
    }

    double share() {
        return plan.share();
    }

    /** A new customer: a new run with the next row of data. */
    private VirtualCustomer newCustomer() {
        Map<String, String> vars = new LinkedHashMap<>(plan.vars());
        if (data != null) {
            vars.putAll(data.next());
        }
        JourneyRun run = JourneyRun.start(journey, new RunOptions(settings.target(), vars, env, r -> { }), redactor);
        return new VirtualCustomer(run, allowlist, settings.thinkTime());
    }

    private static VirtualCustomer customer(Session s) {
        return (VirtualCustomer) s.get(VirtualCustomer.KEY);
    }

    /** The whole journey for one customer. */
    ChainBuilder chain() {
        List<Step> steps = journey.steps();
        Map<Object, ChainBuilder> cases = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.action() instanceof Action.Think) {
                cases.put(i, pause(s -> customer(s).pauseDuration()).exec(s -> {
                    customer(s).paused();
                    return s;
                }));
            } else if (step.sendsRequest()) {
                cases.put(i, request(step));
            }
        }
        return exec(s -> {
                    VirtualCustomer c = newCustomer();
                    c.advance();
                    return s.set(VirtualCustomer.KEY, c);
                })
                .asLongAs(s -> !customer(s).finished()).on(
                        switchOn(s -> customer(s).stepIndex(), cases)
                                .exec(s -> {
                                    customer(s).advance();
                                    return s;
                                }))
                .exec(s -> {
                    finished(customer(s).result());
                    return s.remove(VirtualCustomer.KEY);
                });
    }

    /** The chain of the key {@code key} gives; Gatling's doSwitch wants two cases at least. */
    private static ChainBuilder switchOn(java.util.function.Function<Session, Object> key, Map<Object, ChainBuilder> cases) {
        if (cases.isEmpty()) {
            return exec(s -> s);
        }
        if (cases.size() == 1) {
            Map.Entry<Object, ChainBuilder> only = cases.entrySet().iterator().next();
            return doIf(s -> only.getKey().equals(key.apply(s))).then(only.getValue());
        }
        List<Choice.WithKey> choices = new ArrayList<>();
        cases.forEach((k, chain) -> choices.add(onCase(k).then(chain)));
        return doSwitch(key).on(choices);
    }

    private void finished(JourneyResult result) {
        for (StepResult r : result.steps()) {
            runtime.recorder().recordStep(plan.name(), r.name(), r.status().name());
        }
        runtime.recorder().recordStep(plan.name(), "", result.status().name());
        onResult.accept(plan.name(), result);
    }

    /** One request step: pacing, then its hops until the final response (or none), then the record. */
    private ChainBuilder request(Step step) {
        String group = plan.name() + "/" + step.name();
        Duration timeout = journey.timeoutOf(step);
        Set<String> methods = new LinkedHashSet<>();
        methods.add("GET"); // a redirect may turn any request into a GET
        if (step.action() instanceof Action.Request r) {
            methods.add(r.effectiveMethod());
        } else if (step.action() instanceof Action.Submit) {
            methods.add("POST");
        }
        Map<Object, ChainBuilder> byMethod = new LinkedHashMap<>();
        for (String m : methods) {
            byMethod.put(m, exec(hop(group, step.name(), m, timeout)));
        }
        ChainBuilder send = switchOn(s -> customer(s).hopMethod(), byMethod);
        return exec(s -> s)
                .pause(s -> customer(s).pacing())
                .asLongAs(s -> customer(s).hopPending()).on(
                        send.exec(s -> {
                            customer(s).afterHop(timeout);
                            return s;
                        }))
                .exec(s -> {
                    customer(s).record(runtime, group);
                    return s.isFailed() ? s.markAsSucceeded() : s;
                })
                .exec(io.gatling.javaapi.core.CoreDsl.stopInjectorIf(s -> "SLO breach: " + runtime.abortReason(),
                        s -> runtime.aborting()));
    }

    private static HttpRequestActionBuilder hop(String group, String stepName, String method, Duration timeout) {
        HttpRequestActionBuilder b = http(group).httpRequest(method, s -> customer(s).hopUrl())
                .requestTimeout(timeout)
                .sign((request, s) -> {
                    customer(s).applyHeaders(request.getHeaders());
                    return request;
                })
                .transformResponse((response, s) -> {
                    customer(s).arrived(response);
                    return response;
                })
                .check(status().transformWithSession((code, s) -> customer(s).check()).is(VirtualCustomer.OK)
                        .name(stepName));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            b = b.body(ByteArrayBody(s -> customer(s).hopBody()));
        }
        return b;
    }
}
