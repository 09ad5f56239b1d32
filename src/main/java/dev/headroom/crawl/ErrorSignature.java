package dev.headroom.crawl;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A leaked-error signature: a name for reports, a regex, and optional literal needles. When needles
 * are given the regex runs only if one of them occurs in the raw body, so that the common case (a
 * clean page) costs a few {@code indexOf} scans instead of a regex pass per signature.
 */
record ErrorSignature(String name, Pattern pattern, List<String> needles) {

    static ErrorSignature custom(String regex) {
        return new ErrorSignature(regex, Pattern.compile(regex), List.of());
    }

    /** The default signatures: SQL errors, stack traces of Java/.NET/Python/PHP, IIS-style error codes. */
    static final List<ErrorSignature> DEFAULTS = List.of(
            sig("JDBC/H2 SQL exception", // a class name alone ("SQLException") is documentation, not a leak
                    "JdbcSQL\\w*Exception|(?:java\\.sql|org\\.hibernate(?:\\.\\w+)*)\\.\\w*(?:SQL|JDBC)\\w*Exception:\\s",
                    "JdbcSQL", "java.sql.", "org.hibernate"),
            sig("SQL syntax error", "(?i:syntax error in SQL|You have an error in your SQL syntax)", "SQL", "sql"),
            // a state code ("SQLSTATE[42000]", "SQLSTATE: 08001"), not the word: JDBC's javadoc says "SQLSTATE value"
            sig("SQLSTATE", "SQLSTATE(?:\\[[0-9A-Z]{5}\\]|[ :=]+(?=[0-9A-Z]{0,4}\\d)[0-9A-Z]{5}\\b)", "SQLSTATE"),
            sig("Oracle error", "\\bORA-\\d{5}\\b", "ORA-"),
            sig("MySQL error", "(?:com\\.mysql\\.\\S*Exception|MySqlException|Warning: mysqli?_)", "ysql"),
            sig("PostgreSQL error", "(?:org\\.postgresql\\.util\\.PSQLException|PG::\\w*Error|ERROR:\\s+syntax error at or near)",
                    "PSQLException", "PG::", "syntax error at or near"),
            sig("Java stack trace", "\\bat\\s+(?:[\\w$]+\\.){2,}[\\w$<>]+\\((?:[\\w$]+\\.java:\\d+|Native Method|Unknown Source)\\)",
                    ".java:", "Native Method", "Unknown Source"),
            // followed by a package-qualified frame: Throwable's javadoc shows one with "at Foo.bar(Foo.java:10)"
            sig("Java uncaught exception", "Exception in thread \"[^\"\\n]{1,200}\" [\\w$.]+[^\\n]*\\n\\s*at\\s+(?:[\\w$]+\\.){2,}[\\w$<>]+\\(",
                    "Exception in thread"),
            sig(".NET error", "(?:Server Error in '[^']*' Application|\\bat [\\w.`<>]+\\(.*?\\) in .{1,300}?:line \\d+)",
                    "Server Error in '", ":line "),
            sig("Python traceback", "Traceback \\(most recent call last\\)", "Traceback (most recent"),
            sig("PHP error", "(?:(?:Fatal|Parse) error|Warning|Notice):\\s.{1,300}? in \\S+\\.php(?: on line |:)\\d+",
                    ".php on line", ".php:"),
            sig("IIS error code", "HTTP Error \\d{3}\\.\\d{1,2}", "HTTP Error "));

    private static ErrorSignature sig(String name, String regex, String... needles) {
        return new ErrorSignature(name, Pattern.compile(regex), List.of(needles));
    }

    /** True if the regex should run on this raw body. */
    boolean worthTrying(String raw) {
        if (needles.isEmpty()) {
            return true;
        }
        for (String n : needles) {
            if (raw.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
