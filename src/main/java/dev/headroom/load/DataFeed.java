package dev.headroom.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.headroom.config.ConfigException;
import dev.headroom.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows of a load test's data file, one per virtual customer, so that every customer is a
 * different one: a CSV file with a header row, or a JSON array of objects whose values are strings
 * (or numbers and booleans, taken as text). Each column names a variable the journey declares.
 * Read and checked whole when the test is planned (file, line and column in every problem), so a
 * bad row never surfaces in the middle of a run. Thread-safe: {@link #next} is called by every
 * virtual customer as it arrives.
 */
public final class DataFeed {
    /** Rows a data file may have; a feed is read into memory. */
    public static final int MAX_ROWS = 1_000_000;

    private final Path file;
    private final List<Map<String, String>> rows;
    private final boolean random;
    private final AtomicLong cursor = new AtomicLong();

    private DataFeed(Path file, List<Map<String, String>> rows, boolean random) {
        this.file = file;
        this.rows = List.copyOf(rows);
        this.random = random;
    }

    /**
     * Reads {@code file} and checks every row against {@code declared} (the journey's variables).
     *
     * @param order {@code circular} (in order, starting again at the end) or {@code random}
     * @throws ConfigException naming the file, line and column of the first problems
     */
    public static DataFeed read(Path file, String order, Set<String> declared, String journeyName) {
        List<Map<String, String>> rows = file.toString().endsWith(".json") ? readJson(file) : readCsv(file);
        if (rows.isEmpty()) {
            throw new ConfigException(file + ": the data file has no rows");
        }
        List<String> problems = new ArrayList<>();
        for (String column : rows.get(0).keySet()) {
            if (!declared.contains(column)) {
                problems.add(file + ": column '" + column + "' is not a variable of journey '" + journeyName + "'"
                        + (declared.isEmpty() ? " (it declares none: add it under variables:)"
                                : " (declared: " + String.join(", ", declared) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        return new DataFeed(file, rows, "random".equals(order));
    }

    private static List<Map<String, String>> readCsv(Path file) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class).with(schema).readValues(file.toFile())) {
            while (true) {
                long line = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
                Map<String, String> row;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    row = it.nextValue();
                } catch (JsonProcessingException e) {
                    throw new ConfigException(file + ":" + lineOf(e.getLocation(), line + 1) + ": " + e.getOriginalMessage());
                }
                for (Map.Entry<String, String> cell : row.entrySet()) {
                    if (cell.getValue() == null || cell.getValue().isEmpty()) {
                        throw new ConfigException(file + ":" + (rows.size() + 2) + ": column '"
                                + cell.getKey() + "' is empty");
                    }
                }
                rows.add(new LinkedHashMap<>(row));
                if (rows.size() > MAX_ROWS) {
                    throw new ConfigException(file + ": more than " + MAX_ROWS + " rows");
                }
            }
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the data file (" + e.getMessage() + ")");
        }
        return rows;
    }

    private static long lineOf(JsonLocation location, long fallback) {
        return location == null || location.getLineNr() <= 0 ? fallback : location.getLineNr();
    }

    private static List<Map<String, String>> readJson(Path file) {
        JsonNode root;
        try {
            root = Json.DATA.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ":" + lineOf(e.getLocation(), 1) + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the data file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new ConfigException(file + ": must be a JSON array of objects, one per virtual customer");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> columns = null;
        for (int i = 0; i < root.size(); i++) {
            JsonNode row = root.get(i);
            String where = file + ": [" + i + "]";
            if (!row.isObject()) {
                throw new ConfigException(where + ": must be an object of variable: value");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> f = row.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isEmpty()) {
                    throw new ConfigException(where + "." + e.getKey() + ": must be a non-empty string, number or boolean");
                }
                values.put(e.getKey(), e.getValue().asText());
            }
            if (columns == null) {
                columns = values.keySet();
            } else if (!columns.equals(values.keySet())) {
                throw new ConfigException(where + ": has the variables " + values.keySet() + "; the first row has " + columns);
            }
            rows.add(values);
        }
        return rows;
    }

    /** The next customer's values: the next row, or a random one. */
    public Map<String, String> next() {
        int i = random ? ThreadLocalRandom.current().nextInt(rows.size()) : (int) (cursor.getAndIncrement() % rows.size());
        return rows.get(i);
    }

    public int size() {
        return rows.size();
    }

    public Path file() {
        return file;
    }
}
