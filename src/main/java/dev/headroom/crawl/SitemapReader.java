package dev.headroom.crawl;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the {@code <loc>} entries of a sitemap or sitemap index, plain or gzipped ({@code
 * sitemap.xml.gz}: recognised by its magic bytes, whatever the URL or content type says), in one
 * streaming pass and within the sitemaps.org limits: at most {@value #MAX_URLS} entries and {@value
 * #MAX_UNCOMPRESSED_BYTES} bytes of XML per file. Lenient like a search engine: an unescaped
 * {@code &} or a stray tag does not stop it; {@code <image:loc>} and other prefixed elements are
 * not entries. No DTD, no entities beyond XML's five and character references.
 */
final class SitemapReader {
    static final int MAX_URLS = 50_000;
    static final long MAX_UNCOMPRESSED_BYTES = 50L * 1024 * 1024;
    private static final int MAX_LOC_CHARS = 64 * 1024;

    /**
     * What one sitemap file held.
     *
     * @param index a {@code <sitemapindex>}: the entries are sitemaps, not pages
     * @param gzipped the body was gzip
     * @param locs the entries, in file order, stripped and unescaped
     * @param problem why reading stopped early (a limit, corrupt gzip), or null if it read to the end
     * @param broken the problem is a broken file (corrupt gzip), not a limit
     */
    record Parsed(boolean index, boolean gzipped, List<String> locs, String problem, boolean broken) {
    }

    private SitemapReader() {
    }

    static Parsed read(byte[] body) {
        return read(body, MAX_URLS, MAX_UNCOMPRESSED_BYTES);
    }

    static Parsed read(byte[] body, int maxUrls, long maxBytes) {
        boolean gzipped = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        Scan scan = new Scan(maxUrls);
        String problem = null;
        boolean broken = false;
        try (InputStream raw = gzipped ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
                : new ByteArrayInputStream(body);
                Capped capped = new Capped(raw, maxBytes);
                Reader in = new InputStreamReader(capped, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            scan.run(in);
            if (scan.full) {
                problem = "more than " + maxUrls + " entries (the sitemaps.org limit per file): the rest were not read";
            } else if (capped.hit) {
                problem = "more than " + maxBytes / (1024 * 1024) + " MB of XML" + (gzipped ? " uncompressed" : "")
                        + " (the sitemaps.org limit per file): entries past it were not read";
            }
        } catch (EOFException e) {
            problem = "the gzip data ends early (a cut or partial file): entries past it were not read";
            broken = true;
        } catch (ZipException e) {
            problem = "not valid gzip (" + e.getMessage() + "): entries past that point were not read";
            broken = true;
        } catch (IOException e) {
            problem = "unreadable: " + e.getMessage();
            broken = true;
        }
        return new Parsed(scan.index, gzipped, List.copyOf(scan.locs), problem, broken);
    }

    /** Stops reading (as at end of input) after {@code max} bytes, noting that it did. */
    private static final class Capped extends InputStream {
        private final InputStream in;
        private long left;
        boolean hit;

        Capped(InputStream in, long max) {
            this.in = in;
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                hit = hit || in.read() != -1;
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A small tag scanner: enough XML to find {@code <loc>} text and the root element. */
    private static final class Scan {
        final int maxUrls;
        final List<String> locs = new ArrayList<>();
        boolean index;
        boolean full;
        private boolean rootSeen;
        private Reader in;
        private final char[] buf = new char[8192];
        private int pos;
        private int len;

        Scan(int maxUrls) {
            this.maxUrls = maxUrls;
        }

        private int next() throws IOException {
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return -1;
                }
            }
            return buf[pos++];
        }

        void run(Reader reader) throws IOException {
            this.in = reader;
            int c;
            while ((c = next()) != -1) {
                if (c != '<') {
                    continue;
                }
                String name = tagName();
                if (name == null) {
                    return;
                }
                if (name.startsWith("!--")) {
                    skipPast("-->");
                    continue;
                }
                if (name.startsWith("?") || name.startsWith("!") || name.startsWith("/")) {
                    skipPast(">");
                    continue;
                }
                if (!rootSeen) {
                    rootSeen = true;
                    index = localName(name).equals("sitemapindex");
                }
                if (!skipPast(">")) {
                    return;
                }
                if (name.equals("loc") && !lastWasSlash) {
                    String loc = text();
                    if (loc == null) {
                        return;
                    }
                    if (!loc.isEmpty()) {
                        if (locs.size() == maxUrls) {
                            full = true;
                            return;
                        }
                        locs.add(loc);
                    }
                }
            }
        }

        private static String localName(String name) {
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(colon + 1);
        }

        /** After '<': the tag name (up to whitespace, '>' or a '/' after its first char); null at end of input. */
        private String tagName() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = next();
                if (c == -1) {
                    return null;
                }
                if (Character.isWhitespace(c) || c == '>' || c == '/' && sb.length() > 0) {
                    pos--; // un-read the terminator (always in the buffer: next() just returned it)
                    return sb.toString();
                }
                sb.append((char) c);
                if (sb.length() == 3 && sb.toString().equals("!--") || sb.length() > 256) {
                    return sb.toString();
                }
            }
        }

        /** Whether the tag {@link #skipPast} just ended was self-closing ({@code <loc/>}). */
        private boolean lastWasSlash;

        /** Reads up to and including {@code end}; false at end of input. */
        private boolean skipPast(String end) throws IOException {
            int n = end.length();
            StringBuilder tail = new StringBuilder(n + 1);
            int prev = 0;
            int c;
            while ((c = next()) != -1) {
                tail.append((char) c);
                if (tail.length() > n) {
                    tail.deleteCharAt(0);
                }
                if (tail.length() == n && tail.toString().equals(end)) {
                    lastWasSlash = prev == '/';
                    return true;
                }
                prev = c;
            }
            return false;
        }

        /** The element's text up to its end tag (CDATA kept, entities decoded, stripped); null at end of input. */
        private String text() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = next();
                if (c == -1) {
                    return null;
                }
                if (c != '<') {
                    append(sb, (char) c);
                    continue;
                }
                int d = next();
                if (d == '!') {
                    if (cdataOpens()) {
                        readCdata(sb);
                        continue;
                    }
                } else if (d != -1) {
                    pos--; // un-read it: it may be the '>' of "<>"
                }
                skipPast(">"); // the end tag (or whatever tag cut the text short)
                return decode(sb.toString().strip());
            }
        }

        private boolean cdataOpens() throws IOException {
            for (char expected : "[CDATA[".toCharArray()) {
                if (next() != expected) {
                    return false;
                }
            }
            return true;
        }

        private void readCdata(StringBuilder sb) throws IOException {
            int a = 0;
            int b = 0;
            int d;
            while ((d = next()) != -1) {
                if (a == ']' && b == ']' && d == '>') {
                    sb.setLength(Math.max(0, sb.length() - 2));
                    return;
                }
                append(sb, (char) d);
                a = b;
                b = d;
            }
        }

        private static void append(StringBuilder sb, char c) {
            if (sb.length() < MAX_LOC_CHARS) {
                sb.append(c);
            }
        }

        private static String decode(String s) {
            if (s.indexOf('&') < 0) {
                return s;
            }
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                int semi = c == '&' ? s.indexOf(';', i) : -1;
                if (semi < 0 || semi - i > 10) {
                    out.append(c); // a bare '&': kept, as a lenient reader would
                    continue;
                }
                String entity = s.substring(i + 1, semi);
                String value = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> charRef(entity);
                };
                if (value == null) {
                    out.append(c);
                } else {
                    out.append(value);
                    i = semi;
                }
            }
            return out.toString();
        }

        private static String charRef(String entity) {
            try {
                if (entity.startsWith("#x") || entity.startsWith("#X")) {
                    return Character.toString(Integer.parseInt(entity.substring(2), 16));
                }
                if (entity.startsWith("#")) {
                    return Character.toString(Integer.parseInt(entity.substring(1)));
                }
            } catch (IllegalArgumentException e) {
                return null; // not a character reference after all: kept as text
            }
            return null;
        }
    }
}
