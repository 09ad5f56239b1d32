package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.headroom.journey.JourneyResult;
import dev.headroom.load.InjectorRuntime;
import dev.headroom.load.RunSettings;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The shop's own journeys at stages of a multiple of the modelled peak: the one simulation {@code
 * ./headroom load} runs, for any shop. Everything comes from the run settings it writes ({@code
 * -Dheadroom.load.settings=FILE}): the target and allowlist, the stages (open or closed model), and
 * the journeys with their shares, env files, variables and data files. Nothing here knows a shop's
 * routes, forms or accounts: those are in the journey files.
 *
 * <p>Each arriving customer picks a journey by share and runs it as {@link JourneyLoad} describes:
 * steps built and judged as the monitor does, requests sent by Gatling, redirects followed through
 * the allowlist, think time between pages from the profile.
 */
public class JourneySimulation extends Simulation {

    private final RunSettings settings = RunSettings.fromSystemProperty();
    private final InjectorRuntime runtime = new InjectorRuntime(settings);
    private final JourneySamples samples = new JourneySamples(settings);

    public JourneySimulation() {
        settings.targetAllowlist().check(settings.target()); // ./headroom load checked it; so does the injector
        HttpProtocolBuilder protocol = http.baseUrl(settings.target())
                .disableWarmUp()
                .disableFollowRedirect() // the journey's driver follows them, through the allowlist
                .disableCaching() // each step's request goes out, as in the monitor
                .disableAutoReferer()
                .userAgentHeader("headroom-load/" + settings.shard());

        List<Choice.WithWeight> choices = new ArrayList<>();
        double total = 0;
        List<JourneyLoad> loads = new ArrayList<>();
        for (RunSettings.JourneyPlan plan : settings.journeys()) {
            loads.add(new JourneyLoad(plan, settings, runtime, this::sample));
        }
        for (int i = 0; i < loads.size(); i++) {
            JourneyLoad j = loads.get(i);
            // Gatling wants percentages summing to at most 100: round down, the last takes the rest.
            double percent = i == loads.size() - 1 ? Math.max(0, 100 - total) : Math.floor(j.share() * 100 * 1000) / 1000;
            total += percent;
            if (percent > 0) {
                choices.add(percent(percent).then(j.chain()));
            }
        }
        if (choices.isEmpty()) {
            throw new IllegalStateException("no journey has a share of the customers");
        }
        ScenarioBuilder customers = scenario("customers").randomSwitch().on(choices);
        PopulationBuilder population = settings.closed()
                ? customers.injectClosed(closedSteps())
                : customers.injectOpen(openSteps());
        setUp(population.protocols(protocol)).maxDuration(settings.maxDuration());
    }

    private void sample(String journey, JourneyResult result) {
        samples.offer(journey, result);
    }

    @Override
    public void before() {
        runtime.start();
        System.out.printf("headroom: %s model, %d stage(s), %s planned, shard %s, target %s, allowlist %s, journeys %s%n",
                settings.closed() ? "closed" : "open", settings.stages().size(), settings.plannedDuration(),
                settings.shard(), settings.target(), settings.allowlist(),
                settings.journeys().stream().map(j -> j.name() + " " + Math.round(j.share() * 100) + "%").toList());
    }

    @Override
    public void after() {
        samples.write();
        var results = runtime.finish();
        System.out.printf("headroom: recorded %d requests (%d failed)%s; results in %s%n", results.totalRequests(),
                results.failedRequests(), results.aborted() ? ", stopped early" : "", settings.resultsFile());
    }

    private OpenInjectionStep[] openSteps() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        double previous = 0;
        for (RunSettings.Stage stage : settings.stages()) {
            if (!stage.ramp().isZero()) {
                steps.add(rampUsersPerSec(previous).to(stage.usersPerSec()).during(stage.ramp()));
            }
            steps.add(constantUsersPerSec(stage.usersPerSec()).during(stage.hold()));
            previous = stage.usersPerSec();
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    private ClosedInjectionStep[] closedSteps() {
        List<ClosedInjectionStep> steps = new ArrayList<>();
        int previous = 0;
        for (RunSettings.Stage stage : settings.stages()) {
            if (!stage.ramp().isZero()) {
                steps.add(rampConcurrentUsers(previous).to(stage.users()).during(stage.ramp()));
            }
            steps.add(constantConcurrentUsers(stage.users()).during(stage.hold()));
            previous = stage.users();
        }
        return steps.toArray(ClosedInjectionStep[]::new);
    }
}
