package dev.headroom.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Files a generator writes into one directory and CI checks in: written as given, and compared
 * byte for byte with what is checked in ({@code --check} of {@code ./headroom slo generate} and
 * {@code ./headroom dashboards generate}).
 */
public final class GeneratedFiles {

    /** One file to write in the output directory: its name there and its whole content. */
    public record File(String name, String content) {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    private GeneratedFiles() {
    }

    /**
     * Writes the files into {@code dir} (created if needed), replacing what is there.
     *
     * @throws UncheckedIOException when the directory or a file cannot be written
     */
    public static void write(List<File> files, Path dir) {
        try {
            Files.createDirectories(dir);
            for (File f : files) {
                Files.writeString(dir.resolve(f.name()), f.content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * How {@code dir} differs from {@code files}, one line per file ({@code missing}, or the first
     * line that differs); empty when it is up to date. Files in {@code dir} that are not among
     * {@code files} are not looked at.
     */
    public static List<String> differences(List<File> files, Path dir) {
        List<String> out = new ArrayList<>();
        for (File f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                out.add(p + ": missing");
                continue;
            }
            String actual;
            try {
                actual = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.add(p + ": cannot read (" + e.getMessage() + ")");
                continue;
            }
            if (!actual.equals(f.content())) {
                List<String> want = f.content().lines().toList();
                List<String> have = actual.lines().toList();
                int line = 0;
                while (line < want.size() && line < have.size() && want.get(line).equals(have.get(line))) {
                    line++;
                }
                out.add(p + ":" + (line + 1) + ": differs (" + have.size() + " lines, " + want.size() + " generated)");
            }
        }
        return out;
    }
}
