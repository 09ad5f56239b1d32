package dev.headroom.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.headroom.config.Durations;
import dev.headroom.http.Redactor;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link Report} as {@code report.json}, {@code junit.xml} and/or {@code summary.md}.
 * Every string written, in every format, first goes through a {@link Redactor} ({@link
 * Redactor#defaults()} unless one is given), including strings inside the tool's {@code data}.
 *
 * <p>Format conventions:
 *
 * <ul>
 *   <li><b>JSON</b>: pretty-printed; instants as ISO-8601 UTC strings; every duration as a number
 *       of milliseconds (fields named {@code ...Ms}, fractions kept to the microsecond), also inside
 *       {@code data}. Has a {@code schemaVersion} (1).
 *   <li><b>JUnit XML</b>: {@code testsuites} / one {@code testsuite} per case suite (first-seen
 *       order) / {@code testcase classname=suite name=name time=seconds}. FAILED is a {@code
 *       failure}, ERROR an {@code error}, SKIPPED {@code skipped}. DEGRADED is reported as a
 *       <em>passing</em> test case (CI must stay green for a warning) whose {@code system-out}
 *       starts with {@code DEGRADED:}. Characters illegal in XML 1.0 are removed.
 *   <li><b>Markdown</b>: title, one-line verdict (a status word, no emoji), summary table, a table
 *       of failing and degraded cases (worst first, at most {@value #MAX_MARKDOWN_ROWS} rows), then
 *       counts per status. {@code |} and line breaks in cells are escaped.
 * </ul>
 *
 * Files are written to a temporary name and moved into place, so a reader never sees half a report.
 */
public final class ReportWriter {

    /** Rows in the markdown failure table; the rest are counted, and all are in report.json. */
    public static final int MAX_MARKDOWN_ROWS = 200;
    /** Version of the report.json layout; bump on incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = Json.REPORT;
    private static final DateTimeFormatter JUNIT_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private ReportWriter() {
    }

    /**
     * {@code name} (a journey's or a check's) as one folder name: anything but letters, digits,
     * '.', '_' and '-' becomes '-'; {@code fallback} if nothing is left.
     */
    public static String folderName(String name, String fallback) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? fallback : s;
    }

    /** Writes the formats into {@code outputDir} (created if needed) with default redaction; returns the files. */
    public static List<Path> write(Report report, Path outputDir, Set<Format> formats) throws IOException {
        return write(report, outputDir, formats, Redactor.defaults());
    }

    /** Writes the formats into {@code outputDir} (created if needed); returns the files in {@link Format} order. */
    public static List<Path> write(Report report, Path outputDir, Set<Format> formats, Redactor redactor)
            throws IOException {
        Files.createDirectories(outputDir);
        List<Path> written = new ArrayList<>();
        for (Format format : Format.values()) {
            if (!formats.contains(format)) {
                continue;
            }
            Path target = outputDir.resolve(format.fileName());
            Path tmp = Files.createTempFile(outputDir, "." + format.fileName(), ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    switch (format) {
                        case JSON -> writeJson(report, w, redactor);
                        case JUNIT -> writeJunit(report, w, redactor);
                        case MARKDOWN -> writeMarkdown(report, w, redactor);
                        default -> throw new IllegalStateException(format.toString());
                    }
                }
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            written.add(target);
        }
        return written;
    }

    /**
     * Writes any other text file a capability leaves next to its report (a chart page, a Markdown
     * summary, a model): redacted whole with {@code redactor}, written to a temporary name and
     * moved into place, so a reader never sees half a file. {@link Redactor#none()} for data
     * files that hold no request text.
     */
    public static Path writeText(String text, Path file, Redactor redactor) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, redactor.redact(text), StandardCharsets.UTF_8);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /**
     * Writes any other JSON document a capability leaves next to its report (a failure record, a
     * baseline) with the same conventions as {@code report.json}: redacted as a tree, durations in
     * milliseconds, instants as ISO-8601, written to a temporary name and moved into place.
     */
    public static Path writeJsonDocument(Object document, Path file, Redactor redactor) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                        .writeValue(w, redactTree(JSON.valueToTree(document), redactor));
                w.write('\n');
            }
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    public static void writeJson(Report report, Writer out) throws IOException {
        writeJson(report, out, Redactor.defaults());
    }

    public static void writeJson(Report report, Writer out, Redactor redactor) throws IOException {
        Report r = redact(report, redactor);
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("tool", r.tool());
        root.put("title", r.title());
        root.put("target", r.target());
        root.put("status", r.status().name());
        root.put("passed", r.passed());
        root.put("startedAt", r.startedAt().toString());
        root.put("durationMs", millis(r.duration()));
        ObjectNode counts = root.putObject("counts");
        counts.put("total", r.cases().size());
        r.counts().forEach((s, n) -> counts.put(s.name().toLowerCase(Locale.ROOT), n));
        ObjectNode summary = root.putObject("summary");
        r.summary().forEach((k, v) -> summary.set(k, JSON.valueToTree(v)));
        ArrayNode cases = root.putArray("cases");
        for (CheckCase c : r.cases()) {
            ObjectNode n = cases.addObject();
            n.put("suite", c.suite());
            n.put("name", c.name());
            n.put("status", c.status().name());
            n.put("durationMs", millis(c.duration()));
            n.put("message", c.message());
            n.put("details", c.details());
            ObjectNode attrs = n.putObject("attributes");
            c.attributes().forEach(attrs::put);
        }
        if (r.data() != null) {
            root.set("data", redactTree(JSON.valueToTree(r.data()), redactor));
        }
        JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    public static void writeJunit(Report report, Writer out) throws IOException {
        writeJunit(report, out, Redactor.defaults());
    }

    public static void writeJunit(Report report, Writer out, Redactor redactor) throws IOException {
        Report r = redact(report, redactor);
        Map<String, List<CheckCase>> suites = new LinkedHashMap<>();
        for (CheckCase c : r.cases()) {
            suites.computeIfAbsent(c.suite(), k -> new ArrayList<>()).add(c);
        }
        String timestamp = JUNIT_TIMESTAMP.format(r.startedAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", xml(r.title()));
            writeCounts(x, r.cases(), r.duration());
            x.writeAttribute("timestamp", timestamp);
            for (Map.Entry<String, List<CheckCase>> suite : suites.entrySet()) {
                List<CheckCase> cases = suite.getValue();
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", xml(suite.getKey()));
                writeCounts(x, cases, cases.stream().map(CheckCase::duration).reduce(Duration.ZERO, Duration::plus));
                x.writeAttribute("timestamp", timestamp);
                x.writeCharacters("\n    ");
                x.writeStartElement("properties");
                property(x, "tool", r.tool());
                property(x, "target", r.target());
                for (Map.Entry<String, Object> e : r.summary().entrySet()) {
                    property(x, e.getKey(), display(e.getValue()));
                }
                x.writeCharacters("\n    ");
                x.writeEndElement();
                for (CheckCase c : cases) {
                    writeTestcase(x, c);
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            x.close();
        } catch (XMLStreamException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    public static void writeMarkdown(Report report, Writer out) throws IOException {
        writeMarkdown(report, out, Redactor.defaults());
    }

    public static void writeMarkdown(Report report, Writer out, Redactor redactor) throws IOException {
        Report r = redact(report, redactor);
        Map<Status, Integer> counts = r.counts();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(r.title())).append("\n\n");

        md.append("**").append(r.status().name()).append("**: ");
        List<String> parts = new ArrayList<>();
        for (Status s : List.of(Status.ERROR, Status.FAILED, Status.DEGRADED)) {
            if (counts.get(s) > 0) {
                parts.add(counts.get(s) + " " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        md.append(parts.isEmpty() ? "no problems" : String.join(", ", parts))
                .append(" in ").append(r.cases().size()).append(r.cases().size() == 1 ? " check" : " checks")
                .append(" (").append(inline(r.tool()));
        if (!r.target().isEmpty()) {
            md.append(" of ").append(inline(r.target()));
        }
        md.append(", started ").append(r.startedAt().truncatedTo(ChronoUnit.SECONDS))
                .append(", took ").append(Durations.format(r.duration().truncatedTo(ChronoUnit.MILLIS))).append(")\n");

        if (!r.summary().isEmpty()) {
            md.append("\n## Summary\n\n| Metric | Value |\n| --- | --- |\n");
            r.summary().forEach((k, v) -> md.append("| ").append(cell(k)).append(" | ").append(cell(display(v)))
                    .append(" |\n"));
        }

        List<CheckCase> problems = r.cases().stream()
                .filter(c -> c.status() == Status.DEGRADED || c.status().isFailure())
                .sorted(Comparator.comparingInt((CheckCase c) -> c.status().severity()).reversed())
                .toList();
        if (!problems.isEmpty()) {
            md.append("\n## Failing and degraded checks\n\n| Status | Suite | Check | Message |\n| --- | --- | --- | --- |\n");
            for (CheckCase c : problems.subList(0, Math.min(problems.size(), MAX_MARKDOWN_ROWS))) {
                md.append("| ").append(c.status().name()).append(" | ").append(cell(c.suite())).append(" | ")
                        .append(cell(c.name())).append(" | ").append(cell(c.message())).append(" |\n");
            }
            if (problems.size() > MAX_MARKDOWN_ROWS) {
                md.append("\n").append(problems.size() - MAX_MARKDOWN_ROWS)
                        .append(" more not shown; see report.json.\n");
            }
        }

        md.append("\n## Counts\n\n| Status | Count |\n| --- | ---: |\n");
        for (Status s : Status.values()) {
            md.append("| ").append(s.name()).append(" | ").append(counts.get(s)).append(" |\n");
        }
        md.append("| Total | ").append(r.cases().size()).append(" |\n");
        out.write(md.toString());
        out.flush();
    }

    // ---- JUnit helpers

    private static void writeCounts(XMLStreamWriter x, List<CheckCase> cases, Duration time) throws XMLStreamException {
        x.writeAttribute("tests", String.valueOf(cases.size()));
        x.writeAttribute("failures", String.valueOf(cases.stream().filter(c -> c.status() == Status.FAILED).count()));
        x.writeAttribute("errors", String.valueOf(cases.stream().filter(c -> c.status() == Status.ERROR).count()));
        x.writeAttribute("skipped", String.valueOf(cases.stream().filter(c -> c.status() == Status.SKIPPED).count()));
        x.writeAttribute("time", seconds(time));
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", xml(name));
        x.writeAttribute("value", xml(value));
    }

    private static void writeTestcase(XMLStreamWriter x, CheckCase c) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", xml(c.suite()));
        x.writeAttribute("name", xml(c.name()));
        x.writeAttribute("time", seconds(c.duration()));
        switch (c.status()) {
            case FAILED, ERROR -> {
                x.writeCharacters("\n      ");
                x.writeStartElement(c.status() == Status.FAILED ? "failure" : "error");
                x.writeAttribute("message", xml(c.message()));
                x.writeAttribute("type", c.status().name());
                x.writeCharacters(xml(c.details().isEmpty() ? c.message() : c.details()));
                x.writeEndElement();
            }
            case SKIPPED -> {
                x.writeCharacters("\n      ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", xml(c.message()));
            }
            default -> {
                // PASSED and DEGRADED are passing cases; DEGRADED is only visible in system-out.
            }
        }
        StringBuilder systemOut = new StringBuilder();
        if (c.status() == Status.DEGRADED) {
            systemOut.append("DEGRADED: ").append(c.message()).append('\n');
            if (!c.details().isEmpty()) {
                systemOut.append(c.details()).append('\n');
            }
        } else if (c.status() == Status.PASSED && !c.details().isEmpty()) {
            systemOut.append(c.details()).append('\n');
        }
        c.attributes().forEach((k, v) -> systemOut.append(k).append(": ").append(v).append('\n'));
        if (systemOut.length() > 0) {
            x.writeCharacters("\n      ");
            x.writeStartElement("system-out");
            x.writeCharacters(xml(systemOut.toString()));
            x.writeEndElement();
        }
        if (c.status() != Status.PASSED || systemOut.length() > 0) {
            x.writeCharacters("\n    ");
        }
        x.writeEndElement();
    }

    /** Removes what XML 1.0 cannot carry: control characters other than tab/CR/LF, lone surrogates, U+FFFE/FFFF. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!legal && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (legal && sb != null) {
                sb.appendCodePoint(cp);
            }
            i += len;
        }
        return sb == null ? s : sb.toString();
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- Markdown helpers

    /** A table cell: {@code |} escaped, line breaks as {@code <br>}, HTML brackets neutralised. */
    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.strip()
                .replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\r\n", "<br>")
                .replace("\n", "<br>")
                .replace("\r", "<br>");
    }

    /** Text on one markdown line (title, verdict). */
    private static String inline(String s) {
        return s.replaceAll("[\\r\\n]+", " ").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String display(Object v) {
        return v instanceof Duration d ? Durations.format(d) : String.valueOf(v);
    }

    // ---- redaction and JSON helpers

    private static Report redact(Report report, Redactor r) {
        Report.Builder b = Report.builder(red(r, report.tool()))
                .title(red(r, report.title()))
                .target(red(r, report.target()))
                .startedAt(report.startedAt())
                .duration(report.duration())
                .data(report.data()); // data is redacted as a tree when written
        report.summary().forEach((k, v) -> b.summary(red(r, k), v instanceof String s ? red(r, s) : v));
        for (CheckCase c : report.cases()) {
            CheckCase.Builder cb = CheckCase.builder(red(r, c.suite()), red(r, c.name()))
                    .status(c.status()).duration(c.duration())
                    .message(red(r, c.message())).details(red(r, c.details()));
            c.attributes().forEach((k, v) -> cb.attribute(red(r, k), r.isSensitiveParam(k) ? Redactor.MASK : red(r, v)));
            b.addCase(cb.build());
        }
        return b.build();
    }

    private static String red(Redactor r, String s) {
        return r.redactUrl(s); // redactUrl = redact + user:password@ in URLs; safe on any text
    }

    private static JsonNode redactTree(JsonNode node, Redactor r) {
        if (node instanceof ObjectNode obj) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && r.isSensitiveParam(e.getKey())) {
                    e.setValue(TextNode.valueOf(Redactor.MASK));
                } else {
                    e.setValue(redactTree(e.getValue(), r));
                }
            }
            return obj;
        }
        if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, redactTree(arr.get(i), r));
            }
            return arr;
        }
        return node.isTextual() ? TextNode.valueOf(red(r, node.asText())) : node;
    }

    static BigDecimal millis(Duration d) {
        return Json.millis(d);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Durations in report.json are milliseconds, as numbers. */
}
