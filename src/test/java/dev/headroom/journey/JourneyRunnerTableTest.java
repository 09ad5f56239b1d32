package dev.headroom.journey;

import static dev.headroom.report.Status.DEGRADED;
import static dev.headroom.report.Status.FAILED;
import static dev.headroom.report.Status.PASSED;
import static dev.headroom.report.Status.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headroom.config.ConfigException;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step kind, every assertion and every operator the validator accepts, each row once passing
 * and once failing, against a small shop on loopback (blackbox_exporter's table style). A row is
 * one step run after {@code open} loaded its page; the row says the step's status, its message
 * (a substring; empty means none) and the variables it leaves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JourneyRunnerTableTest {
    private static final String SHOP = """
            <main>
              <h1 id=title>Welcome to the shop</h1>
              <ul><li class=item>One</li><li class=item>Two</li><li class=item>Three</li></ul>
              <span id=price>1,250</span> <span id=qty>3</span>
              <a id=next href="/next">Next page</a> <a href="/about">About us</a> <a id=nohref>broken</a>
              <form class=search action=/search method=get><input name=q><input type=hidden name=token value=t0k></form>
            </main>""";

    private MockWebServer shop;
    private final AtomicInteger raced = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        shop = new MockWebServer();
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.startsWith("/search")) {
                    return html("<p>Results for " + request.getRequestUrl().queryParameter("q") + " token="
                            + request.getRequestUrl().queryParameter("token") + "</p>");
                }
                return switch (path) {
                    case "/shop" -> html(SHOP);
                    case "/next" -> html("<h1>Second page</h1>");
                    case "/about" -> html("<h1>About</h1>");
                    case "/api" -> new MockResponse().setHeader("Content-Type", "application/json").setHeader("X-Order", "HR-7")
                            .setBody("{\"order\": {\"id\": \"HR-7\", \"lines\": [{\"sku\": \"A1\"}]}}");
                    case "/echo" -> new MockResponse().setHeader("Content-Type", "text/plain")
                            .setBody(request.getMethod() + " " + request.getHeader("Content-Type") + " " + request.getBody().readUtf8());
                    case "/created" -> html("<p>made</p>").setResponseCode(201);
                    case "/slow" -> html("<p>slow</p>").setHeadersDelay(300, TimeUnit.MILLISECONDS);
                    // The last unit: the first copy to arrive buys it, every other is refused.
                    case "/buy" -> raced.getAndIncrement() == 0 ? html("<p id=order>HR-1</p>") : html("<p>sold out</p>").setResponseCode(409);
                    default -> html("<p>no such page</p>").setResponseCode(404);
                };
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        shop.shutdown();
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<html><body>" + body + "</body></html>");
    }

    private String target() {
        return "http://127.0.0.1:" + shop.getPort();
    }

    /**
     * @param name what the row shows, as a sentence
     * @param open the page {@code open} loads first
     * @param step the YAML of the step under test, without its name
     * @param status its status
     * @param message a substring of its message ({@code {target}} stands for the target); "" for none
     * @param vars variables after the run ("-": must have no value)
     */
    record Row(String name, String open, String step, Status status, String message, Map<String, String> vars) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments row(String name, String open, String step, Status status, String message, String... vars) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < vars.length; i += 2) {
            v.put(vars[i], vars[i + 1]);
        }
        return Arguments.of(new Row(name, open, step, status, message, v));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // ---- request
                row("a request for a 2xx page passes", "/shop", "request: {url: /next}", PASSED, ""),
                row("a request answered 404 fails with the status and the URL", "/shop", "request: {url: /missing}", FAILED,
                        "HTTP 404 Client Error from {target}/missing"),
                row("a request sends json with its strings interpolated, as a POST", "/shop",
                        "request: {url: /echo, json: {q: \"${who}\", n: 2}}\nassert:\n  - text: 'POST application/json {\"q\":\"shoes\",\"n\":2}'",
                        PASSED, ""),
                row("a request sends a form as a POST", "/shop", "request: {url: /echo, form: {q: \"${who}\"}}\nassert:\n  - text: 'q=shoes'",
                        PASSED, ""),
                row("a request sends a body with its content type", "/shop",
                        "request: {url: /echo, method: PUT, body: hello, content-type: text/x-test}\nassert:\n  - text: 'PUT text/x-test hello'",
                        PASSED, ""),
                row("a request that cannot get an answer in its timeout fails with no response", "/shop",
                        "request: {url: /slow}\ntimeout: 100ms", FAILED, "no answer: "),
                // ---- follow
                row("follow by text finds the link ignoring case", "/shop", "follow: {text: next page}\nassert:\n  - text: Second page",
                        PASSED, ""),
                row("follow by text takes a link containing the text when none is exact", "/shop", "follow: {text: About}\nassert:\n  - text: About",
                        PASSED, ""),
                row("follow by text fails when no link has it", "/shop", "follow: {text: Checkout}", FAILED,
                        "no link with the text 'Checkout' on {target}/shop"),
                row("follow by selector finds the link", "/shop", "follow: {selector: \"#next\"}\nassert:\n  - text: Second page", PASSED, ""),
                row("follow by selector fails when what matches has no href", "/shop", "follow: {selector: \"#nohref\"}", FAILED,
                        "no link matches '#nohref' on {target}/shop"),
                // ---- submit
                row("submit keeps the form's hidden fields and overrides the given ones", "/shop",
                        "submit: {form: form.search, fields: {q: \"${who}\"}}\nassert:\n  - text: Results for shoes token=t0k", PASSED, ""),
                row("submit fails when no form matches", "/shop", "submit: {form: form.login}", FAILED,
                        "no form matches 'form.login' on {target}/shop"),
                // ---- think
                row("think pauses and passes", "/shop", "think: 10ms", PASSED, ""),
                // ---- extract (on a request step, and on a step of its own)
                row("extract css takes the element's text", "/shop", "request: {url: /shop}\nextract:\n  t: {css: \"#title\"}", PASSED, "",
                        "t", "Welcome to the shop"),
                row("extract css fails when nothing matches", "/shop", "request: {url: /shop}\nextract:\n  t: {css: \"#nope\"}", FAILED,
                        "extract t: nothing matches css '#nope'", "t", "-"),
                row("extract attr takes the attribute, abs:href an absolute URL", "/shop",
                        "extract:\n  rel: {css: \"#next\", attr: href}\n  abs: {css: \"#next\", attr: \"abs:href\"}", PASSED, "",
                        "rel", "/next", "abs", "{target}/next"),
                row("extract attr fails when the element lacks it", "/shop", "extract:\n  x: {css: \"#next\", attr: title}", FAILED,
                        "extract x: nothing matches css '#next' attr title"),
                row("extract regex alone takes the first group on the body", "/shop", "extract:\n  what: {regex: \"Welcome to the (\\\\w+)\"}",
                        PASSED, "", "what", "shop"),
                row("extract regex alone fails when it does not match", "/shop", "extract:\n  what: {regex: \"Goodbye (\\\\w+)\"}", FAILED,
                        "extract what: nothing matches the body regex /Goodbye (\\w+)/"),
                row("extract regex with css filters the element's text", "/shop", "extract:\n  n: {css: \"#price\", regex: \"\\\\d+\"}", PASSED,
                        "", "n", "1"),
                row("extract header takes a response header", "/shop", "request: {url: /api}\nextract:\n  o: {header: X-Order}", PASSED, "",
                        "o", "HR-7"),
                row("extract header fails when the response has none", "/shop", "request: {url: /api}\nextract:\n  o: {header: X-Nope}",
                        FAILED, "extract o: nothing matches header X-Nope"),
                row("extract json takes a JSON path or pointer", "/shop",
                        "request: {url: /api}\nextract:\n  sku: {json: \"$.order.lines[0].sku\"}\n  id: {json: /order/id}", PASSED, "",
                        "sku", "A1", "id", "HR-7"),
                row("extract json fails when the path leads nowhere", "/shop", "request: {url: /api}\nextract:\n  x: {json: \"$.order.nope\"}",
                        FAILED, "extract x: nothing matches json $.order.nope"),
                row("an optional extract that finds nothing leaves the variable unset and passes", "/shop",
                        "extract:\n  x: {css: \"#nope\", optional: true}", PASSED, "", "x", "-"),
                // ---- status
                row("status passes on the status asserted, even a 404", "/shop", "request: {url: /missing}\nassert:\n  - status: 404",
                        PASSED, ""),
                row("status fails on another status", "/shop", "request: {url: /created}\nassert:\n  - status: 200", FAILED,
                        "expected status 200, got 201 from {target}/created"),
                // ---- text, no-text
                row("text passes when the visible text has it", "/shop", "request: {url: /shop}\nassert:\n  - text: Welcome to the shop",
                        PASSED, ""),
                row("text fails when it is not on the page", "/shop", "request: {url: /shop}\nassert:\n  - text: Goodbye", FAILED,
                        "the text 'Goodbye' is not on the page"),
                row("no-text passes when the page lacks it", "/shop", "request: {url: /shop}\nassert:\n  - no-text: Exception", PASSED, ""),
                row("no-text fails when it is on the page", "/shop", "request: {url: /shop}\nassert:\n  - no-text: Welcome", FAILED,
                        "the text 'Welcome' is on the page"),
                // ---- selector, no-selector
                row("selector passes when an element matches", "/shop", "request: {url: /shop}\nassert:\n  - selector: li.item", PASSED, ""),
                row("selector fails when none does", "/shop", "request: {url: /shop}\nassert:\n  - selector: li.gone", FAILED,
                        "no element matches 'li.gone'"),
                row("no-selector passes when none matches", "/shop", "request: {url: /shop}\nassert:\n  - no-selector: li.gone", PASSED, ""),
                row("no-selector fails when one does", "/shop", "request: {url: /shop}\nassert:\n  - no-selector: li.item", FAILED,
                        "an element matches 'li.item', expected none"),
                // ---- count
                row("count equals passes on the exact number", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, equals: 3}",
                        PASSED, ""),
                row("count equals fails on another number", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, equals: 2}",
                        FAILED, "3 elements match 'li.item', expected exactly 2"),
                row("count min passes at the minimum", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, min: 3}",
                        PASSED, ""),
                row("count min fails below it", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, min: 4}", FAILED,
                        "3 elements match 'li.item', expected at least 4"),
                row("count max passes at the maximum", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, max: 3}",
                        PASSED, ""),
                row("count max fails above it", "/shop", "request: {url: /shop}\nassert:\n  - count: {selector: li.item, max: 2}", FAILED,
                        "3 elements match 'li.item', expected at most 2"),
                row("count min and max passes within the range", "/shop",
                        "request: {url: /shop}\nassert:\n  - count: {selector: li.item, min: 1, max: 3}", PASSED, ""),
                row("count min and max fails outside it", "/shop",
                        "request: {url: /shop}\nassert:\n  - count: {selector: li.item, min: 4, max: 5}", FAILED,
                        "3 elements match 'li.item', expected between 4 and 5"),
                // ---- value: sources
                row("value from a variable compares the variable", "/shop",
                        "extract:\n  t: {css: \"#title\"}\nassert:\n  - value: {var: t, equals: Welcome to the shop}", PASSED, ""),
                row("value from a variable with a regex compares the group", "/shop",
                        "extract:\n  t: {css: \"#title\"}\nassert:\n  - value: {var: t, regex: \"the (\\\\w+)\", equals: cart}", FAILED,
                        "value ${t} is 'shop', expected 'cart'"),
                row("value from a header compares the header", "/shop", "request: {url: /api}\nassert:\n  - value: {header: X-Order, equals: HR-7}",
                        PASSED, ""),
                row("value from json compares the JSON value", "/shop",
                        "request: {url: /api}\nassert:\n  - value: {json: \"$.order.id\", equals: HR-8}", FAILED,
                        "value json $.order.id is 'HR-7', expected 'HR-8'"),
                row("value fails when its source finds nothing", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#nope\", equals: x}",
                        FAILED, "value css '#nope': nothing found"),
                // ---- value: operators
                row("equals passes on the same text", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#qty\", equals: \"3\"}",
                        PASSED, ""),
                row("equals fails on other text", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#qty\", equals: \"4\"}", FAILED,
                        "value css '#qty' is '3', expected '4'"),
                row("not-equals passes on other text", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#qty\", not-equals: \"4\"}",
                        PASSED, ""),
                row("not-equals fails on the same text", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#qty\", not-equals: \"3\"}",
                        FAILED, "value css '#qty' is '3', expected anything else"),
                row("contains passes on a part", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#title\", contains: shop}", PASSED, ""),
                row("contains fails when the part is missing", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#title\", contains: cart}",
                        FAILED, "value css '#title' is 'Welcome to the shop', expected it to contain 'cart'"),
                row("matches passes when the regex is found", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#title\", matches: ^Welcome}",
                        PASSED, ""),
                row("matches fails when it is not", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#title\", matches: ^Goodbye}",
                        FAILED, "value css '#title' is 'Welcome to the shop', expected it to match /^Goodbye/"),
                row("at-least passes on a number with thousands separators", "/shop",
                        "request: {url: /shop}\nassert:\n  - value: {css: \"#price\", at-least: 1000}", PASSED, ""),
                row("at-least fails below it", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#price\", at-least: 2000}", FAILED,
                        "value css '#price' is '1,250', expected at least 2000"),
                row("at-most passes at it", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#price\", at-most: 1250}", PASSED, ""),
                row("at-most fails above it", "/shop", "request: {url: /shop}\nassert:\n  - value: {css: \"#price\", at-most: 1000}", FAILED,
                        "value css '#price' is '1,250', expected at most 1000"),
                row("a numeric comparison fails on a value that is not a number", "/shop",
                        "request: {url: /shop}\nassert:\n  - value: {css: \"#title\", at-least: 1}", FAILED,
                        "value css '#title' is 'Welcome to the shop', expected a number"),
                row("a value must satisfy every comparison given, the first failing is reported", "/shop",
                        "request: {url: /shop}\nassert:\n  - value: {css: \"#qty\", not-equals: \"4\", at-least: 1, at-most: 2}", FAILED,
                        "value css '#qty' is '3', expected at most 2"),
                // ---- race, budget, if, always
                row("a race passes when exactly the expected copies win", "/shop",
                        "request: {url: /buy}\nrace: {copies: 2, winners: 1}\nextract:\n  order: {css: \"#order\"}", PASSED, "",
                        "order", "HR-1", "order_2", "-"),
                row("a race fails when another number of copies win", "/shop", "request: {url: /buy}\nrace: {copies: 2, winners: 2}", FAILED,
                        "2 copies raced and 1 passed the step's checks; expected exactly 2"),
                row("a step within its budget passes", "/shop", "request: {url: /slow}\nbudget: {failed: 5s}", PASSED, ""),
                row("a step over its degraded budget is DEGRADED", "/shop", "request: {url: /slow}\nbudget: {degraded: 100ms, failed: 5s}",
                        DEGRADED, "over the degraded budget of 100 ms"),
                row("a step over its failed budget fails", "/shop", "request: {url: /slow}\nbudget: {failed: 100ms}", FAILED,
                        "over the failed budget of 100 ms"),
                row("if defined runs the step when the variable has a value", "/shop", "if: {defined: who}\nrequest: {url: /next}", PASSED, ""),
                row("if selector skips the step when nothing on the page matches", "/shop", "if: {selector: li.gone}\nrequest: {url: /next}",
                        SKIPPED, "skipped: nothing on the page matches 'li.gone'"));
    }

    private JourneyResult run(String open, String step, String... more) {
        String yaml = "name: table\nvariables: {who: shoes}\nsteps:\n  - name: open\n    request: {url: " + open + "}\n"
                + "  - name: under test\n" + indent(step) + String.join("", more);
        Journey journey = JourneyLoader.load("table.yaml", yaml);
        try (HttpChecker checker = HttpChecker.builder().build()) {
            return new JourneyRunner(checker).run(journey, RunOptions.target(target()));
        }
    }

    private static String indent(String block) {
        return block.lines().map(l -> "    " + l + "\n").collect(Collectors.joining());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachStepKindAssertionAndOperatorPassesAndFailsAsItsRowSays(Row row) {
        JourneyResult r = run(row.open(), row.step());

        StepResult step = r.steps().get(1);
        assertThat(r.steps().get(0).status()).as("open").isEqualTo(PASSED);
        assertThat(step.status()).as(step.toString()).isEqualTo(row.status());
        String message = row.message().replace("{target}", target());
        if (message.isEmpty()) {
            assertThat(step.message()).isEmpty();
        } else {
            assertThat(step.message()).contains(message);
        }
        row.vars().forEach((name, value) -> {
            if (value.equals("-")) {
                assertThat(r.variables()).doesNotContainKey(name);
            } else {
                assertThat(r.variables()).containsEntry(name, value.replace("{target}", target()));
            }
        });
        if (row.status() == FAILED) {
            assertThat(r.failureRecord()).hasValueSatisfying(f -> assertThat(f.failedStep().name()).isEqualTo("under test"));
        }
    }

    @Test
    void anAssertStepOfItsOwnChecksEveryAssertionOnTheCurrentPage() {
        JourneyResult passing = run("/shop", "assert:\n  - selector: li.item\n  - text: Welcome\n  - count: {selector: li.item, equals: 3}");
        JourneyResult failing = run("/shop", "assert:\n  - selector: li.gone");

        assertThat(passing.steps().get(1).status()).isEqualTo(PASSED);
        assertThat(failing.steps().get(1).status()).isEqualTo(FAILED);
        assertThat(failing.steps().get(1).message()).isEqualTo("no element matches 'li.gone'");
    }

    @Test
    void ifDefinedSkipsAStepWhoseVariableWasNeverExtracted() {
        JourneyResult r = run("/shop", "extract:\n  x: {css: \"#nope\", optional: true}",
                "  - name: guarded\n    if: {defined: x}\n    request: {url: /next}\n");

        assertThat(r.steps().get(2).status()).isEqualTo(SKIPPED);
        assertThat(r.steps().get(2).message()).isEqualTo("skipped: ${x} has no value");
    }

    @Test
    void afterAFailureOnlyAlwaysStepsRun() {
        JourneyResult r = run("/shop", "request: {url: /missing}",
                "  - name: next\n    request: {url: /next}\n  - name: cleanup\n    always: true\n    request: {url: /about}\n");

        assertThat(r.steps()).extracting(StepResult::status).containsExactly(PASSED, FAILED, SKIPPED, PASSED);
        assertThat(r.steps().get(2).message()).isEqualTo("skipped: step 'under test' failed");
    }

    @Test
    void theStepKindsAreNamedInTheirResults() {
        JourneyResult r = run("/shop", "follow: {text: Next page}",
                "  - name: pause\n    think: 1ms\n  - name: look\n    assert:\n      - value: {var: who, equals: shoes}\n"
                        + "  - name: read\n    extract:\n      t: {css: h1}\n  - name: search\n    request: {url: /shop}\n"
                        + "  - name: find\n    submit: {form: form.search}\n");

        assertThat(r.steps()).extracting(StepResult::kind)
                .containsExactly("request", "follow", "think", "assert", "extract", "request", "submit");
        assertThat(r.passed()).as(r.steps().toString()).isTrue();
    }

    static Stream<Arguments> refusedAtLoad() {
        return Stream.of(
                Arguments.of("think: 0s", "steps[1].think: step 'under test': must be between 1ms and 10m"),
                Arguments.of("request: {url: /next}\nfollow: {text: x}", "has request and follow; a step does one thing"),
                Arguments.of("assert:\n  - value: {css: p}", "compare it with something: equals, not-equals, contains, matches,"),
                Arguments.of("assert:\n  - value: {css: p, at-most: lots}", "'lots' is not a number"),
                Arguments.of("assert:\n  - value: {css: p, matches: \"(\"}", "invalid regex"),
                Arguments.of("assert:\n  - count: {selector: p}", "give equals, or min and/or max"),
                Arguments.of("assert:\n  - count: {selector: p, min: 3, max: 2}", "min must not exceed max"),
                Arguments.of("assert:\n  - {text: a, selector: p}", "holds 2 checks; write one check per list item"),
                Arguments.of("assert:\n  - status: 42", "must be an HTTP status between 100 and 599"),
                Arguments.of("assert:\n  - value: {var: nobody, equals: x}", "${nobody} is not defined at this point"),
                Arguments.of("extract:\n  x: {css: p, header: X-A}", "give one source: css, header, json or regex alone"),
                Arguments.of("extract:\n  x: {attr: href}", "attr goes with css"),
                Arguments.of("follow: {}", "give exactly one of text or selector"),
                Arguments.of("request: {url: /x, method: GET, form: {a: b}}", "GET requests cannot have a body"),
                Arguments.of("think: 1s\nrace: {copies: 2}", "budget, timeout and race apply only to request, follow and submit steps"),
                Arguments.of("request: {url: /x}\nrace: {copies: 1}", "must be between 2 and 20"),
                Arguments.of("always: true", "does nothing: give it one of request, follow, submit, think, extract or assert"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAtLoad")
    void whatTheValidatorRefusesIsRefusedAtLoadWithTheStepNamed(String step, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> run("/shop", step));

        assertThat(e).as("refused at load").isNotNull();
        assertThat(e.getMessage()).contains("table.yaml:").contains("step 'under test'").contains(message);
    }

    @Test
    void aRaceIsTheOnlyStepThatLosesItsMeaningUnderLoad() {
        Journey j = JourneyLoader.load("table.yaml", """
                name: load
                steps:
                  - {name: home, request: {url: /}}
                  - {name: on, follow: {text: x}}
                  - {name: form, submit: {form: f}}
                  - {name: pause, think: 1s}
                  - {name: look, assert: [{selector: p}]}
                  - {name: buy twice, request: {url: /buy, method: POST}, race: {copies: 2}}
                """);

        assertThat(j.steps()).filteredOn(s -> !s.underLoad().supported()).extracting(Step::name).containsExactly("buy twice");
        assertThat(j.step("buy twice").orElseThrow().underLoad().why()).contains("race");
    }
}
