package dev.headroom.model;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams access log files (plain or gzip, detected by the magic bytes) line by line into a {@link
 * TrafficAnalyzer}, through a fixed 4 MiB buffer. Bad lines are counted, the first few kept as
 * examples; they never stop the run. Neither does a file that cannot be read to its end (a gzip cut
 * short or corrupt, a read error): what was read before counts, the unreadable tail is one more bad
 * line, and {@link FileResult#readError()} says where and why.
 */
public final class AccessLogReader {
    /** Examples of bad lines kept, over all files. */
    public static final int MAX_EXAMPLES = 5;
    private static final int BUFFER = 4 << 20;

    /** Called now and then with progress on the current file. */
    public interface Progress {
        void update(Path file, long lines, long bytesRead, long fileBytes, long nanosElapsed);
    }

    private final TrafficAnalyzer analyzer;
    private final LogFormat format;
    private final JsonFields jsonFields;
    private final String sessionCookie;
    private final Progress progress;
    private final List<String> examples = new ArrayList<>();
    private final List<TrafficModel.Source> sources = new ArrayList<>();
    private long badLines;
    private final ParsedLine line = new ParsedLine();
    private final byte[] buf = new byte[BUFFER];

    public AccessLogReader(TrafficAnalyzer analyzer, LogFormat format, JsonFields jsonFields, String sessionCookie,
            Progress progress) {
        this.analyzer = analyzer;
        this.format = format;
        this.jsonFields = jsonFields;
        this.sessionCookie = sessionCookie;
        this.progress = progress;
    }

    /**
     * What one file held. {@code readError} is null when the file was read to its end, else {@code
     * file:line: why}, the line being the unreadable tail (counted in {@code lines} and {@code badLines}).
     */
    public record FileResult(Path file, LogFormat format, long lines, long requests, long badLines, String firstError,
            String readError) {
    }

    /** Reads one file completely. */
    public FileResult read(Path file) throws IOException {
        long fileBytes = Files.size(file);
        analyzer.startFile(file.toString());
        try (CountingStream counted = new CountingStream(Files.newInputStream(file))) {
            byte[] magic = new byte[2];
            int got = counted.readNBytes(magic, 0, 2);
            boolean gzip = got == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            InputStream raw = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(magic, 0, got), counted);
            InputStream in = raw;
            String readError = null;
            if (gzip) {
                try {
                    in = new GZIPInputStream(raw, 1 << 16);
                } catch (IOException e) { // the gzip header itself is cut short or broken
                    readError = readError(e, true);
                    in = InputStream.nullInputStream();
                }
            }
            return read(file, in, gzip, readError, counted, fileBytes);
        }
    }

    /** Why a file could not be read to its end, for people. */
    private static String readError(IOException e, boolean gzip) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage().strip() + ")";
        if (gzip && e instanceof EOFException) {
            return "gzip data ends early" + detail + ", the file is truncated";
        }
        if (gzip && e instanceof ZipException) {
            return "corrupt gzip data" + detail;
        }
        return "read error" + (detail.isEmpty() ? " (" + e.getClass().getSimpleName() + ")" : detail);
    }

    private FileResult read(Path file, InputStream in, boolean gzip, String headerError, CountingStream counted, long fileBytes) {
        LineParser parser = null;
        LogFormat used = format;
        long lines = 0;
        long good = 0;
        long bad = 0;
        String firstError = null;
        int start = 0;
        int end = 0;
        boolean skipping = false; // inside a line longer than the buffer
        long t0 = System.nanoTime();
        long nextCheck = 1 << 20;
        String readError = headerError;
        boolean eof = readError != null;
        while (!eof) {
            int n;
            try {
                n = in.read(buf, end, buf.length - end);
            } catch (IOException e) {
                // keep every complete line read so far; the partial line after them is the tail
                readError = readError(e, gzip);
                break;
            }
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
            int i = start;
            while (true) {
                int nl = -1;
                for (int k = i; k < end; k++) {
                    if (buf[k] == '\n') {
                        nl = k;
                        break;
                    }
                }
                if (nl < 0) {
                    if (eof && i < end && !skipping) {
                        nl = end; // last line without a newline
                    } else {
                        break;
                    }
                }
                if (skipping) {
                    skipping = false;
                    i = nl + 1;
                    continue;
                }
                lines++;
                int lineEnd = nl > i && buf[nl - 1] == '\r' ? nl - 1 : nl;
                if (lineEnd > i) {
                    if (parser == null) {
                        used = format != LogFormat.AUTO ? format : buf[firstNonBlank(i, lineEnd)] == '{' ? LogFormat.JSON : LogFormat.COMBINED;
                        parser = used == LogFormat.JSON ? new JsonLineParser(jsonFields) : new CombinedLineParser(sessionCookie);
                    }
                    if (parser.parse(buf, i, lineEnd, line)) {
                        line.lineNumber = lines;
                        analyzer.accept(line);
                        good++;
                    } else {
                        bad++;
                        String example = file + ":" + lines + ": " + line.error + ": " + excerpt(buf, i, lineEnd);
                        if (firstError == null) {
                            firstError = example;
                        }
                        if (examples.size() < MAX_EXAMPLES) {
                            examples.add(example);
                        }
                    }
                }
                i = nl + 1;
                if (lines >= nextCheck) {
                    nextCheck = lines + (1 << 20);
                    if (progress != null) {
                        progress.update(file, lines, counted.count, fileBytes, System.nanoTime() - t0);
                    }
                }
                if (nl >= end) {
                    break;
                }
            }
            if (i >= end) {
                start = 0;
                end = 0;
            } else if (i == 0 && end == buf.length) {
                // a line longer than the whole buffer: count it bad and skip to its end
                lines++;
                bad++;
                String example = file + ":" + lines + ": line longer than " + (BUFFER >> 20) + " MiB: " + excerpt(buf, 0, 60);
                if (firstError == null) {
                    firstError = example;
                }
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(example);
                }
                skipping = true;
                start = 0;
                end = 0;
            } else {
                System.arraycopy(buf, i, buf, 0, end - i);
                end -= i;
                start = 0;
            }
        }
        String tailError = null;
        if (readError != null) {
            // the unreadable rest of the file is one bad line: its partial first line, if any, cannot be trusted
            lines++;
            bad++;
            int partial = skipping ? 0 : end - start;
            tailError = file + ":" + lines + ": " + readError + (lines == 1 ? "; not one line could be read" : "; nothing after line "
                    + (lines - 1) + " could be read") + (partial > 0 ? ": " + excerpt(buf, start, end) : "");
            if (firstError == null) {
                firstError = tailError;
            }
        }
        badLines += bad;
        FileResult result = new FileResult(file, used == LogFormat.AUTO ? LogFormat.COMBINED : used, lines, good, bad, firstError,
                tailError);
        sources.add(new TrafficModel.Source(file.toString(), result.format().name().toLowerCase(java.util.Locale.ROOT),
                lines, good, bad, tailError));
        return result;
    }

    private int firstNonBlank(int from, int to) {
        int i = from;
        while (i < to - 1 && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    static String excerpt(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        String text = new String(b, from, Math.min(to - from, 100), StandardCharsets.UTF_8);
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            sb.append(c < 0x20 || c == 0x7f || c == '\uFFFD' ? String.format("\\x%02x", (int) c & 0xff) : String.valueOf(c));
        }
        if (to - from > 100) {
            sb.append("...");
        }
        return sb.toString();
    }

    public long badLines() {
        return badLines;
    }

    /** The first few bad lines, {@code file:line: reason: excerpt}. */
    public List<String> examples() {
        return List.copyOf(examples);
    }

    public List<TrafficModel.Source> sources() {
        return List.copyOf(sources);
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
