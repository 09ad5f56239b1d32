package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A generated journey that fails when init runs it is reported and left out, never written as working. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InitLeavesOutFailingJourneysTest {
    @TempDir
    Path dir;

    @Test
    void aSearchThatWorkedForTheSurveyButFailsWhenRunIsReportedAndNotWritten() throws IOException {
        AtomicInteger searches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            String form = "<form class='find' action='/find'><input name='query'><button>Go</button></form>";
            String cards = "<ul class='items'><li><a class='item' href='/item/1'>Red Kettle</a></li>"
                    + "<li><a class='item' href='/item/2'>Blue Kettle</a></li><li><a class='item' href='/item/3'>Green Kettle</a></li></ul>";
            if (path.equals("/")) {
                send(x, 200, form + cards);
            } else if (path.matches("/item/\\d")) {
                send(x, 200, form + "<h1 class='name'>Kettle " + path.substring(6) + "</h1><span class='amount'>$12.00</span>"
                        + "<form class='buy' action='/basket/add' method='post'><button>Add to basket</button></form>");
            } else if (path.equals("/find")) {
                boolean first = x.getRequestURI().getQuery() != null && searches.incrementAndGet() == 1;
                send(x, first || x.getRequestURI().getQuery() == null ? 200 : 500, first ? cards : "<p>Search is down</p>");
            } else {
                send(x, 404, "<p>no</p>");
            }
        });
        server.start();
        try {
            InitResult r = InitChecks.init("http://127.0.0.1:" + server.getAddress().getPort() + "/", dir);

            InitResult.JourneyRun search = r.runs().stream().filter(run -> run.file().equals("search.yaml")).findFirst().orElseThrow();
            assertThat(search.passed()).isFalse();
            assertThat(search.detail()).contains("step 'search' failed").contains("500");
            assertThat(dir.resolve("search.yaml")).doesNotExist();
            assertThat(dir.resolve("browse.yaml")).exists();
            String shopFile = Files.readString(dir.resolve("headroom.yaml"));
            assertThat(shopFile).contains("search.yaml failed when init ran it, so it is not written").doesNotContain("journey: search.yaml");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aProductAssertionThatFailsWhenRunIsLeftOutAndTheBrowseJourneyKeepsItsFollows() throws IOException {
        java.util.Map<String, AtomicInteger> views = new java.util.concurrent.ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            if (path.equals("/")) {
                send(x, 200, "<ul class='items'><li><a class='item' href='/item/1'>Red Kettle</a></li>"
                        + "<li><a class='item' href='/item/2'>Blue Kettle</a></li><li><a class='item' href='/item/3'>Green Kettle</a></li></ul>");
            } else if (path.matches("/item/\\d")) {
                boolean early = views.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet() <= 2; // the crawl's and the survey's
                send(x, 200, (early ? "<h1 class='name'>Kettle</h1>" : "<h2>Kettle</h2>") + "<span class='amount'>$12.00</span>"
                        + "<form class='buy' action='/basket/add' method='post'><button>Add to basket</button></form>");
            } else {
                send(x, 404, "<p>no</p>");
            }
        });
        server.start();
        try {
            InitResult r = InitChecks.init("http://127.0.0.1:" + server.getAddress().getPort() + "/", dir);

            InitResult.JourneyRun browse = r.runs().get(0);
            assertThat(browse.passed()).as(browse.detail()).isTrue();
            assertThat(browse.detail()).contains("without the product page's assertions").contains("h1.name");
            String text = Files.readString(dir.resolve("browse.yaml"));
            assertThat(text).contains("follow: {selector: \"a.item\"}").doesNotContain("- selector: \"h1.name\"")
                    .contains("# NOTE: the product page's assertions init derived failed when it ran them");
        } finally {
            server.stop(0);
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = ("<!doctype html><html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
