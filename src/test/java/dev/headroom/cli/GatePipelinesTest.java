package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The example pipelines in {@code ci-examples/} parse, publish the gate's reports, and call only commands
 * and options that exist: every {@code ./headroom ...} in them is checked against picocli's model of the
 * command line, as a user's copy would be run.
 */
class GatePipelinesTest {
    private static final Path EXAMPLES = Path.of("ci-examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theGithubActionsWorkflowParsesCallsTheGateAndPublishesItsReports() throws IOException {
        JsonNode workflow = YAML.readTree(EXAMPLES.resolve("github-actions.yml").toFile());
        List<String> scripts = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.has("run")) {
                scripts.add(step.path("run").asText());
            }
        }));
        String all = String.join("\n", scripts);
        List<List<String>> calls = invocations(all);

        assertThat(calls).extracting(c -> String.join(" ", c.subList(0, 2))).contains("gate --config", "change open", "change close");
        calls.forEach(GatePipelinesTest::assertExists);
        assertThat(all).contains("summary.md >> \"$GITHUB_STEP_SUMMARY\"");
        assertThat(workflow.toString()).contains("actions/upload-artifact").contains("--require-passed").contains("--baseline");
    }

    @Test
    void theGitlabPipelineParsesCallsTheGateAndPublishesJunitAndMetricsReports() throws IOException {
        JsonNode pipeline = YAML.readTree(EXAMPLES.resolve(".gitlab-ci.yml").toFile());
        List<String> scripts = new ArrayList<>();
        pipeline.forEach(job -> {
            for (String key : List.of("script", "before_script", "after_script")) {
                job.path(key).forEach(line -> scripts.add(line.asText()));
            }
        });
        List<List<String>> calls = invocations(String.join("\n", scripts));

        assertThat(calls).hasSizeGreaterThanOrEqualTo(3);
        calls.forEach(GatePipelinesTest::assertExists);
        JsonNode reports = pipeline.at("/gate-staging/artifacts/reports");
        assertThat(reports.path("junit").asText()).endsWith("junit.xml");
        assertThat(reports.path("metrics").asText()).endsWith("metrics.txt");
        assertThat(pipeline.at("/gate-production/allow_failure/exit_codes/0").asInt()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void theJenkinsfileCallsTheGateAndPublishesJunitAndTheHtmlReport() throws IOException {
        String jenkinsfile = Files.readString(EXAMPLES.resolve("Jenkinsfile"));
        List<List<String>> calls = invocations(jenkinsfile.replace("\\\n", " "));

        assertThat(calls).hasSizeGreaterThanOrEqualTo(4);
        calls.forEach(GatePipelinesTest::assertExists);
        assertThat(jenkinsfile).contains("junit 'headroom-reports/gate-staging/junit.xml'").contains("reportFiles: 'report.html'");
        long opens = jenkinsfile.chars().filter(c -> c == '{').count();
        assertThat(jenkinsfile.chars().filter(c -> c == '}').count()).as("balanced braces").isEqualTo(opens);
    }

    @Test
    void aMisspelledOptionInAPipelineIsCaught() {
        List<List<String>> calls = invocations("./headroom gate --config x.yaml --basline old/");

        assertThat(calls).hasSize(1);
        assertThat(problem(calls.get(0))).contains("--basline");
    }

    /** Every {@code ./headroom ...} command in {@code text}: its words, up to the end of its shell command. */
    static List<List<String>> invocations(String text) {
        List<List<String>> out = new ArrayList<>();
        String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
        int at = joined.indexOf("./headroom ");
        while (at >= 0) {
            int end = joined.indexOf('\n', at);
            String line = joined.substring(at + "./headroom ".length(), end < 0 ? joined.length() : end);
            out.add(words(line));
            at = joined.indexOf("./headroom ", at + 1);
        }
        return out;
    }

    /** Shell-like words: quotes grouped, stopping at a comment, pipe, redirection, ';', '&&', ')' or the string's closing quote. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
                continue;
            }
            if (c == '#' && !inWord) {
                break; // a shell comment
            }
            if (c == '"' && !inWord && line.indexOf('"', i + 1) < 0) {
                break; // the end of the string the command sits in (a Jenkinsfile's sh "...")
            }
            if (c == '\'' && line.indexOf('\'', i + 1) < 0) {
                break;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
                continue;
            }
            if (Character.isWhitespace(c) || c == '|' || c == ';' || c == '>' || c == '&' || c == ')') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                if (!Character.isWhitespace(c)) {
                    break;
                }
                continue;
            }
            w.append(c);
            inWord = true;
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static void assertExists(List<String> call) {
        assertThat(problem(call)).as("./headroom " + String.join(" ", call)).isNull();
    }

    /** What is wrong with {@code ./headroom CALL} by picocli's model of the command line; null if nothing. */
    static String problem(List<String> call) {
        CommandLine cmd = Main.commandLine();
        int i = 0;
        while (i < call.size() && cmd.getSubcommands().containsKey(call.get(i))) {
            cmd = cmd.getSubcommands().get(call.get(i));
            i++;
        }
        if (i == 0) {
            return "no such command: " + (call.isEmpty() ? "(none)" : call.get(0));
        }
        for (; i < call.size(); i++) {
            String word = call.get(i);
            if (word.startsWith("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                OptionSpec option = cmd.getCommandSpec().findOption(name);
                if (option == null) {
                    return cmd.getCommandSpec().qualifiedName() + " has no option " + name;
                }
                if (!word.contains("=") && option.arity().max() > 0) {
                    i++; // its value
                }
            } else if (word.startsWith("$(") || cmd.getCommandSpec().positionalParameters().isEmpty()) {
                if (!word.startsWith("$(")) {
                    return cmd.getCommandSpec().qualifiedName() + " takes no argument, got '" + word + "'";
                }
            }
        }
        return null;
    }
}
