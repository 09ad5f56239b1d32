package dev.headroom.journey;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Where a value comes from: exactly one of {@code css} (an element's text, or its {@code attr};
 * {@code abs:href} gives an absolute URL), {@code header} (a response header), {@code json} (a
 * JSON path {@code $.a.b[0]} or pointer {@code /a/b/0} into a JSON body) or {@code regex} alone
 * (on the raw body). {@code regex} with another source filters that value. A regex yields its
 * first group if it has one, else the whole match.
 *
 * @param optional when nothing matches, leave the variable unset instead of failing the step
 */
public record Extract(String css, String attr, String regex, String header, String json, boolean optional) {

    /** The value on {@code page}; null when nothing matches. */
    String read(Page page, StepContext ctx) {
        String value;
        if (css != null) {
            Element el = page.doc().selectFirst(ctx.interpolate(css));
            if (el == null) {
                return null;
            }
            if (attr != null) {
                String a = ctx.interpolate(attr);
                value = el.hasAttr(a) ? el.attr(a) : null;
            } else {
                value = el.text();
            }
        } else if (header != null) {
            value = page.response().header(ctx.interpolate(header));
        } else if (json != null) {
            value = JsonValues.text(page.json() == null ? null : page.json().at(JsonValues.pointer(ctx.interpolate(json))));
        } else {
            value = page.response().bodyText();
        }
        return value == null || regex == null ? value : firstGroup(ctx.interpolate(regex), value);
    }

    /**
     * Extracts every entry of {@code extract} from {@code page} into the run's variables, in order.
     *
     * @return null, or why the step fails: the first non-optional one that found nothing
     */
    static String into(Map<String, Extract> extract, Page page, StepContext ctx) {
        for (Map.Entry<String, Extract> e : extract.entrySet()) {
            String value = e.getValue().read(page, ctx);
            if (value == null) {
                if (!e.getValue().optional()) {
                    return "extract " + e.getKey() + ": nothing matches " + e.getValue().describe();
                }
                ctx.variables().remove(e.getKey());
            } else {
                ctx.variables().put(e.getKey(), value);
            }
        }
        return null;
    }

    /** The first group of {@code regex} in {@code input} if it has one, else the whole match; null if none. */
    static String firstGroup(String regex, String input) {
        Matcher m = Pattern.compile(regex).matcher(input);
        if (!m.find()) {
            return null;
        }
        return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }

    /** "css '#x' attr value regex /(\d+)/", for messages. */
    String describe() {
        String src = css != null ? "css '" + css + "'" + (attr != null ? " attr " + attr : "")
                : header != null ? "header " + header
                : json != null ? "json " + json : "the body";
        return src + (regex != null ? " regex /" + regex + "/" : "");
    }

    /** Its own rules, at {@code path}. */
    void validate(String path, Rules rules) {
        validate(path, rules, null);
    }

    /** The rules of a source, for an extraction or (with {@code var}) a compared value. */
    void validate(String path, Rules rules, String var) {
        int sources = (css != null ? 1 : 0) + (header != null ? 1 : 0) + (json != null ? 1 : 0) + (var != null ? 1 : 0);
        if (sources > 1) {
            rules.error(path, "give one source: css, header, json" + (path.endsWith(".value") ? ", var" : "")
                    + " or regex alone");
        } else if (sources == 0 && regex == null) {
            rules.error(path, "must say where the value comes from: css, regex, header or json"
                    + (path.endsWith(".value") ? " (or var)" : ""));
        }
        rules.require(attr == null || css != null, path + ".attr", "attr goes with css");
        rules.selector(path + ".css", css);
        rules.text(path + ".attr", attr);
        rules.text(path + ".header", header);
        rules.regex(path + ".regex", regex);
        if (json != null) {
            rules.text(path + ".json", json);
            if (!Interpolation.hasReferences(json)) {
                try {
                    JsonValues.pointer(json);
                } catch (IllegalArgumentException e) {
                    rules.error(path + ".json", e.getMessage());
                }
            }
        }
        if (var != null) {
            rules.require(rules.known(var), path + ".var", rules.undefined(var));
        }
    }
}
