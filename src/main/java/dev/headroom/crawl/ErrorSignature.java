package dev.headroom.crawl;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A leaked-error signature: a name for reports, a regex, and optional literal needles. When needles
 * are given the regex runs only if one of them occurs in the raw body, so that the common case (a
 * clean page) costs a few {@code indexOf} scans instead of a regex pass per signature.
 */
record ErrorSignature(String name, Pattern pattern, List<String> needles, boolean needlesIgnoreCase) {

    static ErrorSignature custom(String regex) {
        return new ErrorSignature(regex, Pattern.compile(regex), List.of(), false);
    }

    /** The default signatures: SQL errors, stack traces of Java/.NET/Python/PHP, IIS-style error codes. */
    static final List<ErrorSignature> DEFAULTS = List.of(
            sig("JDBC/H2 SQL exception", // a class name alone ("SQLException") is documentation, not a leak
                    "JdbcSQL\\w*Exception|(?:java\\.sql|org\\.hibernate(?:\\.\\w+)*)\\.\\w*(?:SQL|JDBC)\\w*Exception:\\s",
                    "JdbcSQL", "Exception:"), // not "java.sql.": the JDBC docs are full of it
            // the regex's own literals, in any case (the needles "SQL" and "sql" missed "Sql" and hit every JDBC page)
            new ErrorSignature("SQL syntax error", Pattern.compile("(?i:syntax error in SQL|You have an error in your SQL syntax)"),
                    List.of("syntax error in sql", "your sql syntax"), true),
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
        return new ErrorSignature(name, Pattern.compile(regex), List.of(needles), false);
    }

    /** True if the regex should run on this raw body. */
    boolean worthTrying(String raw) {
        return new NeedleScan(List.of(this)).worthTrying(raw)[0];
    }

    /**
     * The needles of several signatures found in one pass over a body, by their first character,
     * instead of one {@code contains} pass per needle (about twenty passes over every page).
     */
    static final class NeedleScan {
        private static final ThreadLocal<char[]> CHUNK = ThreadLocal.withInitial(() -> new char[8192]);
        private final int count;
        private final boolean[] always;
        private final String[][] byFirst = new String[128][];
        private final int[][] owner = new int[128][];
        private final boolean[][] ignoreCase = new boolean[128][];
        private final java.util.List<String> otherNeedles = new java.util.ArrayList<>(); // first char not ASCII
        private final java.util.List<Integer> otherOwners = new java.util.ArrayList<>();

        NeedleScan(List<ErrorSignature> signatures) {
            count = signatures.size();
            always = new boolean[count];
            for (int i = 0; i < count; i++) {
                ErrorSignature sig = signatures.get(i);
                always[i] = sig.needles().isEmpty();
                for (String needle : sig.needles()) {
                    char c = needle.charAt(0);
                    if (c >= 128) {
                        otherNeedles.add(needle);
                        otherOwners.add(i);
                    } else if (sig.needlesIgnoreCase()) {
                        register(Character.toLowerCase(c), needle, i, true);
                        if (Character.toUpperCase(c) != Character.toLowerCase(c)) {
                            register(Character.toUpperCase(c), needle, i, true);
                        }
                    } else {
                        register(c, needle, i, false);
                    }
                }
            }
        }

        private void register(char c, String needle, int sig, boolean ci) {
            int k = byFirst[c] == null ? 0 : byFirst[c].length;
            byFirst[c] = k == 0 ? new String[1] : java.util.Arrays.copyOf(byFirst[c], k + 1);
            owner[c] = k == 0 ? new int[1] : java.util.Arrays.copyOf(owner[c], k + 1);
            ignoreCase[c] = k == 0 ? new boolean[1] : java.util.Arrays.copyOf(ignoreCase[c], k + 1);
            byFirst[c][k] = needle;
            owner[c][k] = sig;
            ignoreCase[c][k] = ci;
        }

        /** For each signature (in the order given), whether its regex is worth running on {@code body}. */
        boolean[] worthTrying(String body) {
            boolean[] worth = always.clone();
            int left = 0;
            for (boolean b : worth) {
                left += b ? 0 : 1;
            }
            for (int k = 0; k < otherNeedles.size(); k++) {
                int o = otherOwners.get(k);
                if (!worth[o] && body.contains(otherNeedles.get(k))) {
                    worth[o] = true;
                    left--;
                }
            }
            // bulk-copied chunks read as an array: per-character String.charAt calls were most of the
            // scan's cost in C1-compiled code
            char[] chunk = CHUNK.get();
            int n = body.length();
            for (int from = 0; from < n && left > 0; from += chunk.length) {
                int len = Math.min(chunk.length, n - from);
                body.getChars(from, from + len, chunk, 0);
                for (int j = 0; j < len && left > 0; j++) {
                    char c = chunk[j];
                    if (c >= 128 || byFirst[c] == null) {
                        continue;
                    }
                    int i = from + j;
                    char next = j + 1 < len ? chunk[j + 1] : i + 1 < n ? body.charAt(i + 1) : 0;
                    next = Character.toLowerCase(next);
                    String[] candidates = byFirst[c];
                    for (int k = 0; k < candidates.length; k++) {
                        int o = owner[c][k];
                        String needle = candidates[k];
                        // the second character, compared inline, settles most candidates without a call
                        if (worth[o] || needle.length() > 1 && Character.toLowerCase(needle.charAt(1)) != next) {
                            continue;
                        }
                        if (body.regionMatches(ignoreCase[c][k], i, needle, 0, needle.length())) {
                            worth[o] = true;
                            left--;
                        }
                    }
                }
            }
            return worth;
        }
    }
}
