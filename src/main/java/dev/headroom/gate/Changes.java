package dev.headroom.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Open changes, recorded in Alertmanager as silences through its v2 API ({@code /api/v2/silences}): a
 * change of shop {@code S} is a silence whose matchers are exactly {@code shop="S"}, created by {@code
 * headroom}, with what is being changed as its comment. So on-call sees the change where they already look,
 * and the alerts it explains are silenced while it lasts. {@code headroom change open} adds one, {@code
 * change close} expires it, and the gate and a second {@code change open} refuse while one is active.
 *
 * <p>Every request goes through the shared HTTP core, with the allowlist it is given.
 */
public final class Changes implements AutoCloseable {
    /** The {@code createdBy} of every silence Headroom records. */
    public static final String CREATED_BY = "headroom";
    /** The label the silence matches: the shop's name. */
    public static final String LABEL = "shop";

    private final String base;
    private final HttpChecker http;

    /**
     * A client of the Alertmanager at {@code alertmanagerUrl}.
     *
     * @param allowlist the hosts Headroom may reach (the URL's own host is added, as for a target named by hand)
     * @throws IllegalArgumentException if the URL is not http(s)
     */
    public Changes(String alertmanagerUrl, List<String> allowlist) {
        String u = Objects.requireNonNull(alertmanagerUrl, "alertmanagerUrl");
        this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        this.http = HttpChecker.builder().allowlist(TargetAllowlist.forTargets(List.of(base), allowlist))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(20)).maxBodyBytes(4L * 1024 * 1024).build();
    }

    /**
     * An open change.
     *
     * @param id the silence's id
     * @param shop the shop it is for
     * @param what what is being changed (the silence's comment)
     * @param by who opened it ({@code createdBy} is always headroom; this is the {@code by} given)
     * @param startsAt when it was opened
     * @param endsAt when it closes by itself
     */
    public record Change(String id, String shop, String what, String by, Instant startsAt, Instant endsAt) {
        /** One line for people. */
        public String describe() {
            return "change " + id + " of shop " + shop + ": '" + what + "'" + (by.isEmpty() ? "" : " by " + by)
                    + ", open until " + endsAt;
        }
    }

    /** Alertmanager could not be asked: no answer, an error status, an answer that is not what v2 returns. */
    public static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** The changes open now for {@code shop} (active silences created by headroom matching exactly {@code shop="S"}), oldest first. */
    public List<Change> open(String shop) throws Unavailable {
        String filter = URLEncoder.encode(LABEL + "=\"" + shop + "\"", StandardCharsets.UTF_8);
        JsonNode all = json(call(CheckRequest.builder().url(base + "/api/v2/silences?filter=" + filter).build(), 200));
        List<Change> out = new ArrayList<>();
        for (JsonNode s : all) {
            if (!"active".equals(s.at("/status/state").asText()) || !CREATED_BY.equals(s.path("createdBy").asText())
                    || !matchesOnly(s.path("matchers"), shop)) {
                continue;
            }
            out.add(change(s, shop));
        }
        out.sort(Comparator.comparing(Change::startsAt));
        return out;
    }

    /** Opens a change of {@code shop} for {@code length}: a silence from now; returns it with its id. */
    public Change openChange(String shop, String what, String by, Duration length) throws Unavailable {
        Instant now = Instant.now();
        ObjectNode body = Json.DATA.createObjectNode();
        ArrayNode matchers = body.putArray("matchers");
        matchers.addObject().put("name", LABEL).put("value", shop).put("isRegex", false).put("isEqual", true);
        body.put("startsAt", now.toString());
        body.put("endsAt", now.plus(length).toString());
        body.put("createdBy", CREATED_BY);
        body.put("comment", (by == null || by.isBlank() ? "" : "[" + by + "] ") + what);
        JsonNode answer = json(call(CheckRequest.builder().method("POST").url(base + "/api/v2/silences")
                .body(body.toString(), "application/json").build(), 200));
        String id = answer.path("silenceID").asText("");
        if (id.isEmpty()) {
            throw new Unavailable(base + "/api/v2/silences answered without a silenceID: " + answer);
        }
        return new Change(id, shop, what, by == null ? "" : by, now, now.plus(length));
    }

    /** Closes (expires) the change {@code id}. */
    public void closeChange(String id) throws Unavailable {
        call(CheckRequest.builder().method("DELETE").url(base + "/api/v2/silence/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)).build(), 200);
    }

    private CheckResult call(CheckRequest request, int expected) throws Unavailable {
        CheckResult r = http.execute(request);
        if (!r.reachable()) {
            throw new Unavailable("Alertmanager at " + base + ": " + r.failureSummary());
        }
        if (r.statusCode() != expected) {
            String text = r.bodyText().strip();
            throw new Unavailable(request.method() + " " + request.url() + " answered " + r.statusCode()
                    + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text)));
        }
        return r;
    }

    private JsonNode json(CheckResult r) throws Unavailable {
        try {
            return Json.DATA.readTree(r.bodyText());
        } catch (IOException e) {
            throw new Unavailable(r.url() + " did not answer JSON: " + e.getMessage());
        }
    }

    private static boolean matchesOnly(JsonNode matchers, String shop) {
        if (!matchers.isArray() || matchers.size() != 1) {
            return false;
        }
        JsonNode m = matchers.get(0);
        return LABEL.equals(m.path("name").asText()) && shop.equals(m.path("value").asText())
                && !m.path("isRegex").asBoolean(false) && m.path("isEqual").asBoolean(true);
    }

    private static Change change(JsonNode s, String shop) {
        String comment = s.path("comment").asText("");
        String by = "";
        if (comment.startsWith("[") && comment.indexOf("] ") > 0) {
            by = comment.substring(1, comment.indexOf("] "));
            comment = comment.substring(comment.indexOf("] ") + 2);
        }
        return new Change(s.path("id").asText(), shop, comment, by, Instant.parse(s.path("startsAt").asText()),
                Instant.parse(s.path("endsAt").asText()));
    }

    @Override
    public void close() {
        http.close();
    }
}
