package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** crawl.yaml is bound once into the crawler's options; each value is checked by the option's own setter, at its line. */
class CrawlConfigTest {
    private static CrawlConfig load(String yaml) {
        return ConfigLoader.load("crawl.yaml", yaml, CrawlConfig.class);
    }

    @Test
    void everyFieldBecomesTheOptionOfTheSameName() {
        CrawlConfig c = load("""
                urls: ["http://127.0.0.1:8080/"]
                max-pages: 7
                slow: 2s
                external: false
                allow: ["*.cdn.example"]
                severity: {missing-fragment: fail, soft_404: warn}
                """);
        CrawlOptions o = c.applyTo(CrawlOptions.builder(), true).build();
        assertThat(o.startUrls()).containsExactly("http://127.0.0.1:8080/");
        assertThat(o.maxPages()).isEqualTo(7);
        assertThat(o.slowBudget()).hasSeconds(2);
        assertThat(o.checkExternal()).isFalse();
        assertThat(o.allowlist().patterns()).contains("*.cdn.example");
        assertThat(o.severity(Finding.Kind.MISSING_FRAGMENT)).isEqualTo(Finding.Severity.FAIL);
        assertThat(o.severity(Finding.Kind.SOFT_404)).isEqualTo(Finding.Severity.WARN);
        assertThat(o.severity(Finding.Kind.BROKEN)).isEqualTo(Finding.Severity.FAIL);
    }

    @Test
    void startUrlsFromTheCommandLineLeaveTheFilesOnesOut() {
        CrawlConfig c = load("urls: [\"http://127.0.0.1:1/\"]\n");
        CrawlOptions o = c.applyTo(CrawlOptions.builder("http://127.0.0.1:2/"), false).build();
        assertThat(o.startUrls()).containsExactly("http://127.0.0.1:2/");
    }

    @Test
    void aValueTheOptionRefusesIsAProblemAtItsLineWithTheOptionsOwnMessage() {
        assertThatThrownBy(() -> load("""
                urls: ["http://127.0.0.1:1/"]
                max-pages: 0
                concurrency: 300
                max-body: 10
                timeout: 0s
                include: ["(["]
                severity:
                  slow: sometimes
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("crawl.yaml:2").hasMessageContaining("must be at least 1, got 0")
                .hasMessageContaining("crawl.yaml:3").hasMessageContaining("at most 256")
                .hasMessageContaining("crawl.yaml:4").hasMessageContaining("at least 1024")
                .hasMessageContaining("crawl.yaml:5").hasMessageContaining("positive")
                .hasMessageContaining("crawl.yaml:6").hasMessageContaining("not a valid regex")
                .hasMessageContaining("crawl.yaml:8").hasMessageContaining("fail or warn");
    }
}
