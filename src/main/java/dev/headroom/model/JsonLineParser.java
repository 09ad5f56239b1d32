package dev.headroom.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** JSON lines (one object per line) with configurable field names ({@link JsonFields}). */
final class JsonLineParser implements LineParser {
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonFields fields;
    private final Timestamps timestamps = new Timestamps();
    private byte[] scratch = new byte[1024];
    private int used;

    JsonLineParser(JsonFields fields) {
        this.fields = fields;
    }

    @Override
    public boolean parse(byte[] b, int from, int to, ParsedLine out) {
        used = 0;
        long ts = Long.MIN_VALUE;
        String tsError = null;
        int pathFrom = -1;
        int pathTo = -1;
        int uaFrom = 0;
        int uaTo = 0;
        int ipFrom = 0;
        int ipTo = 0;
        int status = -1;
        long session = 0;
        out.offsetSeconds = 0;
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out.fail("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (name.equals(fields.ts())) {
                    String text = p.getText();
                    if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                        double n = p.getDoubleValue();
                        double seconds = Math.floor(n > 1e11 ? n / 1000 : n);
                        // a cast would turn 1e308 into Long.MAX_VALUE, a time no calendar can show
                        ts = Double.isFinite(seconds) && Timestamps.inRange((long) seconds) ? (long) seconds : Long.MIN_VALUE;
                        if (ts == Long.MIN_VALUE) {
                            tsError = "field '" + fields.ts() + "' is out of range (years 0000 to 9999): " + abbreviate(text);
                        }
                    } else {
                        ts = timestamp(text, out);
                        if (ts == Long.MIN_VALUE) {
                            tsError = "field '" + fields.ts() + "' is not a timestamp: " + abbreviate(text);
                        } else if (!Timestamps.inRange(ts)) {
                            ts = Long.MIN_VALUE;
                            tsError = "field '" + fields.ts() + "' is out of range (years 0000 to 9999): " + abbreviate(text);
                        }
                    }
                } else if (name.equals(fields.path())) {
                    pathFrom = used;
                    pathTo = copy(p.getText());
                } else if (name.equals(fields.status())) {
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        status = p.getIntValue();
                    } else {
                        try {
                            status = Integer.parseInt(p.getText().strip());
                        } catch (NumberFormatException e) {
                            return out.fail("field '" + fields.status() + "' is not a status code");
                        }
                    }
                } else if (name.equals(fields.ip())) {
                    ipFrom = used;
                    ipTo = copy(p.getText());
                } else if (name.equals(fields.ua())) {
                    uaFrom = used;
                    uaTo = copy(p.getText());
                } else if (name.equals(fields.session()) && v == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    if (!s.isEmpty() && !s.equals("-")) {
                        byte[] sb = s.getBytes(StandardCharsets.UTF_8);
                        session = Hashing.hash(0x5E55L, sb, 0, sb.length) | 1;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return out.fail("not a JSON object");
            }
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return out.fail("invalid JSON: " + abbreviate(msg));
        }
        if (tsError != null) {
            return out.fail(tsError);
        }
        if (ts == Long.MIN_VALUE) {
            return out.fail("no '" + fields.ts() + "' field");
        }
        if (pathFrom < 0) {
            return out.fail("no '" + fields.path() + "' field");
        }
        out.buf = scratch;
        out.epochSecond = ts;
        out.status = Math.max(status, 0);
        int sp = CombinedLineParser.indexOf(scratch, pathFrom, pathTo, (byte) ' ');
        if (sp >= 0) {
            CombinedLineParser.request(scratch, pathFrom, pathTo, out);
        } else {
            CombinedLineParser.path(scratch, pathFrom, pathTo, out);
        }
        out.uaFrom = uaFrom;
        out.uaTo = uaTo;
        out.fromCookie = session != 0;
        out.clientHash = session != 0 ? session : Hashing.hash(Hashing.hash(scratch, ipFrom, ipTo), scratch, uaFrom, uaTo);
        return true;
    }

    private long timestamp(String text, ParsedLine out) {
        if (text.length() == Timestamps.LENGTH && text.charAt(2) == '/') {
            byte[] tb = text.getBytes(StandardCharsets.ISO_8859_1);
            long t = timestamps.parse(tb, 0);
            out.offsetSeconds = timestamps.offsetSeconds;
            return t;
        }
        try {
            OffsetDateTime odt = OffsetDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            out.offsetSeconds = odt.getOffset().getTotalSeconds();
            return odt.toEpochSecond();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private int copy(String s) {
        int need = used + s.length();
        if (need > scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(need, scratch.length * 2));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            scratch[used++] = (byte) (c < 256 ? c : '?');
        }
        return used;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
