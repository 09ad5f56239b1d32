package dev.headroom.monitor;

import dev.headroom.config.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code probe: PATH_OR_URL}: one GET, blackbox_exporter style ({@link HttpProbe}).
 *
 * @param expectStatus the statuses that pass; empty: any 2xx
 * @param bodyMatches a regex the body must contain a match of; null: any body
 */
public record ProbeCheck(String probe, List<Integer> expectStatus, String bodyMatches) implements CheckKind {
    public ProbeCheck {
        expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
    }

    @Override
    public String label() {
        return "probe";
    }

    @Override
    public String where() {
        return probe;
    }

    @Override
    public void validate(Validation v) {
        for (int s : expectStatus) {
            v.require(s >= 100 && s <= 599, "expectStatus", "'" + s + "' is not an HTTP status");
        }
        if (bodyMatches != null) {
            try {
                Pattern.compile(bodyMatches);
            } catch (PatternSyntaxException e) {
                v.error("bodyMatches", "not a valid regular expression: " + e.getDescription());
            }
        }
    }

    @Override
    public Map<String, String> fieldsSet() {
        Map<String, String> set = new LinkedHashMap<>();
        if (!expectStatus.isEmpty()) {
            set.put("expectStatus", "only a probe check expects a status");
        }
        if (bodyMatches != null) {
            set.put("bodyMatches", "only a probe check matches a body");
        }
        return set;
    }

    @Override
    public String url(Resolution r) {
        return r.under(probe);
    }

    @Override
    public Probe probe(Check check, Probes probes) {
        return new HttpProbe(probes.checker(), check.url(), expectStatus,
                bodyMatches == null ? null : Pattern.compile(bodyMatches), check.timeout());
    }
}
