package dev.headroom.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which JSON fields of a JSON-lines access log hold what. Keys: {@code ts} (ISO-8601 with offset,
 * {@code 16/Nov/2026:20:00:01 +0000}, or epoch seconds/milliseconds as a number), {@code path} (a
 * URI, or a whole request line {@code GET /x HTTP/1.1}), {@code status}, {@code ip}, {@code ua} and
 * {@code session} (a session id; when absent the session is ip + ua). Top-level fields only.
 */
public record JsonFields(String ts, String path, String status, String ip, String ua, String session) {
    public static final JsonFields DEFAULTS =
            new JsonFields("time", "request_uri", "status", "remote_addr", "http_user_agent", "session");

    /** Parses {@code ts=time,path=request_uri} over the defaults; throws IllegalArgumentException naming the bad part. */
    public static JsonFields parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS.asMap());
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
                String value = eq < 0 ? "" : part.substring(eq + 1).strip();
                if (!m.containsKey(key)) {
                    throw new IllegalArgumentException("--json-fields: unknown key '" + key + "'; use " + String.join(", ", m.keySet()));
                }
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("--json-fields: '" + part.strip() + "' needs a field name, e.g. " + key + "=" + m.get(key));
                }
                m.put(key, value);
            }
        }
        return new JsonFields(m.get("ts"), m.get("path"), m.get("status"), m.get("ip"), m.get("ua"), m.get("session"));
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("path", path);
        m.put("status", status);
        m.put("ip", ip);
        m.put("ua", ua);
        m.put("session", session);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        asMap().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
