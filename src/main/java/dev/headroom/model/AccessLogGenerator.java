package dev.headroom.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a realistic combined-format access log for the reference storefront: a weekly rhythm
 * (quiet nights, a lunch bump, an evening peak 19:00-22:00, busier weekend days), a <b>Monday-night
 * rush</b> (Monday 20:00-22:00 at twice a normal evening), customer sessions following journeys
 * (bounce, browse, search, cart, checkout) with log-normal think times (median ~10 s), static assets
 * after each page, a few crawler sessions, some 404s, and (unless {@code clean}) a few malformed
 * lines. Times are UTC ({@code +0000}). Deterministic for a seed. {@code peakRps} is the target
 * request rate (all requests) in the Monday-night rush.
 */
public final class AccessLogGenerator {
    /** Relative session arrival rate by hour of day, weekday; 1.0 = a normal evening peak. */
    private static final double[] WEEKDAY = {
        0.16, 0.09, 0.05, 0.04, 0.04, 0.06, 0.12, 0.22, 0.32, 0.38, 0.42, 0.46,
        0.55, 0.52, 0.44, 0.42, 0.45, 0.55, 0.72, 0.92, 1.00, 1.00, 0.80, 0.40};
    private static final double[] WEEKEND = {
        0.24, 0.14, 0.07, 0.05, 0.04, 0.05, 0.08, 0.14, 0.26, 0.42, 0.55, 0.62,
        0.66, 0.66, 0.64, 0.62, 0.62, 0.66, 0.74, 0.88, 0.95, 0.92, 0.72, 0.42};
    /** Monday 20:00-22:00 runs at this multiple of a normal evening. */
    public static final double MONDAY_RUSH = 2.0;
    private static final String[] CATEGORIES = {"kitchen", "garden", "outdoor", "books", "toys", "audio", "office",
        "lighting", "bath", "sports", "pets", "travel"};
    private static final String[] QUERIES = {"kettle", "lamp", "tent", "yoga+mat", "headphones", "desk", "backpack",
        "teapot", "puzzle", "suitcase", "oak", "copper", "gift", "speaker", "robe"};
    private static final String[] BROWSERS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"};
    private static final String[] BOTS = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"};
    private static final String HOST = "https://shop.example";
    private static final int PRODUCTS = 3000;
    /** Requests per customer session on average (pages + static), measured on the generator itself. */
    private static final double REQUESTS_PER_SESSION = 12.7;

    /** Options; {@code start} is the first day (00:00 UTC). */
    public record Options(LocalDate start, int days, double peakRps, long seed, boolean clean) {
    }

    /** What was written: lines, customer page requests by route class (default classifier), sessions. */
    public record Result(long lines, long malformed, long customerSessions, long botSessions, Map<String, Long> pages) {
    }

    private final Options o;
    private final SplittableRandom rnd;
    private final RouteClassifier classifier = RouteClassifier.defaults();
    private final long[] pageCounts = new long[classifier.classCount()];
    private final StringBuilder sb = new StringBuilder(512);
    private OutputStream out;
    private long lines;
    private long malformed;
    private long customers;
    private long bots;
    private int orderNumber = 100_000;

    private AccessLogGenerator(Options o) {
        this.o = o;
        this.rnd = new SplittableRandom(o.seed());
    }

    /** Writes the log to {@code file} (gzip if the name ends in .gz). */
    public static Result write(Path file, Options options) throws IOException {
        if (options.days() < 1 || options.peakRps() <= 0) {
            throw new IllegalArgumentException("days must be >= 1 and peak rps > 0");
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream os = file.toString().endsWith(".gz")
                        ? new GZIPOutputStream(new BufferedOutputStream(raw, 1 << 16), 1 << 16)
                        : new BufferedOutputStream(raw, 1 << 20)) {
            AccessLogGenerator g = new AccessLogGenerator(options);
            g.out = os;
            g.run();
            Map<String, Long> pages = new LinkedHashMap<>();
            for (int c = 0; c < g.pageCounts.length; c++) {
                if (c != g.classifier.staticId()) {
                    pages.put(g.classifier.name(c), g.pageCounts[c]);
                }
            }
            return new Result(g.lines, g.malformed, g.customers, g.bots, pages);
        }
    }

    /** Relative arrival rate at a local time (day index 0 = Monday). */
    static double shape(int dayOfWeek, double hourOfDay) {
        double[] table = dayOfWeek >= 5 ? WEEKEND : WEEKDAY;
        int h = (int) hourOfDay;
        double frac = hourOfDay - h;
        // each hour holds its table value, easing into the next hour's over its last half
        double w = frac < 0.5 ? 0 : (frac - 0.5) * (frac - 0.5) * 2;
        double v = table[h] * (1 - w) + table[(h + 1) % 24] * w;
        if (dayOfWeek == 0 && hourOfDay >= 20 && hourOfDay < 22) {
            v = MONDAY_RUSH; // the rush: a campaign email lands at 20:00 and runs two hours
        }
        return v;
    }

    // ---- simulation ----

    /** A visitor: a queue of steps, walked with think times. */
    private static final class Visitor implements Comparable<Visitor> {
        final long id;
        double next;
        final String ip;
        final String ua;
        final boolean bot;
        final String[] steps; // "GET /path status" or "POST /path status"
        int at;
        String referer = "-";

        Visitor(long id, double start, String ip, String ua, boolean bot, String[] steps) {
            this.id = id;
            this.next = start;
            this.ip = ip;
            this.ua = ua;
            this.bot = bot;
            this.steps = steps;
        }

        @Override
        public int compareTo(Visitor other) {
            int c = Double.compare(next, other.next);
            return c != 0 ? c : Long.compare(id, other.id);
        }
    }

    private void run() throws IOException {
        long startEpoch = o.start().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long seconds = o.days() * 86_400L;
        double sessionsPerSecondAtPeak = o.peakRps() / REQUESTS_PER_SESSION;
        double maxShape = MONDAY_RUSH;
        PriorityQueue<Visitor> queue = new PriorityQueue<>();
        long ids = 0;
        for (long s = 0; s < seconds; s++) {
            long t = startEpoch + s;
            long local = t;
            int dow = (int) Math.floorMod(Math.floorDiv(local, 86_400) + 3, 7);
            double hour = Math.floorMod(local, 86_400) / 3600.0;
            double rate = sessionsPerSecondAtPeak * shape(dow, hour) / maxShape;
            int arrivals = poisson(rate);
            for (int k = 0; k < arrivals; k++) {
                boolean bot = rnd.nextDouble() < 0.03;
                Visitor v = new Visitor(ids++, t + rnd.nextDouble(), ip(), bot ? BOTS[rnd.nextInt(BOTS.length)]
                        : BROWSERS[rnd.nextInt(BROWSERS.length)], bot, bot ? botJourney() : journey());
                if (bot) {
                    bots++;
                } else {
                    customers++;
                }
                queue.add(v);
            }
            while (!queue.isEmpty() && queue.peek().next < t + 1) {
                Visitor v = queue.poll();
                step(v);
                if (v.at < v.steps.length) {
                    queue.add(v);
                }
            }
        }
        // let the last sessions finish
        while (!queue.isEmpty()) {
            Visitor v = queue.poll();
            if (v.next >= startEpoch + seconds) {
                continue;
            }
            step(v);
            if (v.at < v.steps.length) {
                queue.add(v);
            }
        }
    }

    private void step(Visitor v) throws IOException {
        String step = v.steps[v.at++];
        int sp1 = step.indexOf(' ');
        int sp2 = step.lastIndexOf(' ');
        String method = step.substring(0, sp1);
        String path = step.substring(sp1 + 1, sp2);
        int status = Integer.parseInt(step.substring(sp2 + 1));
        long t = (long) v.next;
        line(v, t, method, path, status, status == 200 ? 4000 + rnd.nextInt(30_000) : status == 303 ? 0 : 180, v.referer);
        int cls = classifier.classify(stripQuery(path));
        if (!v.bot) {
            pageCounts[cls]++;
        }
        if (!o.clean() && rnd.nextDouble() < 0.00002) {
            malformedLine(v, t);
        }
        if (status == 303) {
            v.next += 0.05 + rnd.nextDouble() * 0.2; // the browser follows the redirect at once
        } else {
            if (!v.bot && method.equals("GET") && status == 200) {
                assets(v, t, path, v.at == 1);
            }
            v.referer = HOST + path;
            v.next += v.bot ? 1 + rnd.nextDouble() * 3 : thinkTime();
        }
    }

    private void assets(Visitor v, long t, String path, boolean first) throws IOException {
        String ref = HOST + path;
        if (first) {
            for (String a : new String[] {"/static/style.css", "/images/logo.svg", "/static/hero-pattern.svg", "/favicon.ico"}) {
                line(v, t, "GET", a, 200, 900 + rnd.nextInt(9000), ref);
            }
        }
        if (path.startsWith("/product/")) {
            line(v, t, "GET", "/images/product/" + path.substring(9) + ".svg", 200, 2000 + rnd.nextInt(4000), ref);
        } else if (path.startsWith("/category/") || path.startsWith("/search") || path.equals("/")) {
            int n = 2 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                line(v, t, "GET", "/images/product/" + (1 + rnd.nextInt(PRODUCTS)) + ".svg", rnd.nextInt(4) == 0 ? 304 : 200,
                        2000 + rnd.nextInt(4000), ref);
            }
        }
    }

    private double thinkTime() {
        // log-normal, median 10 s, sigma 0.9; capped well below the 30 min session timeout
        double x = Math.exp(Math.log(10) + 0.9 * gaussian());
        return Math.min(x, 600);
    }

    private String[] journey() {
        double r = rnd.nextDouble();
        List<String> s = new java.util.ArrayList<>();
        String cat = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
        int product = 1 + rnd.nextInt(PRODUCTS);
        if (r < 0.22) { // bounce
            s.add(get("/"));
        } else if (r < 0.50) { // browse
            s.add(get("/"));
            s.add(get("/category/" + cat));
            if (rnd.nextBoolean()) {
                s.add(get("/category/" + cat + "?page=2"));
            }
            s.add(get("/product/" + product));
            if (rnd.nextInt(3) == 0) {
                s.add(get("/product/" + (1 + rnd.nextInt(PRODUCTS))));
            }
        } else if (r < 0.64) { // search
            s.add(get("/search?q=" + QUERIES[rnd.nextInt(QUERIES.length)]));
            s.add(get("/product/" + product));
        } else if (r < 0.74) { // lands on a product from a search engine or an ad
            s.add(get("/product/" + product));
            if (rnd.nextBoolean()) {
                s.add(get("/category/" + cat));
            }
        } else if (r < 0.86) { // abandons the cart
            s.add(get("/"));
            s.add(get("/category/" + cat));
            s.add(get("/product/" + product));
            s.add("POST /cart/add 303");
            s.add(get("/cart"));
        } else if (r < 0.95) { // buys
            s.add(get("/"));
            s.add(get("/category/" + cat));
            s.add(get("/product/" + product));
            s.add("POST /cart/add 303");
            s.add(get("/cart"));
            s.add(get("/checkout"));
            s.add("POST /checkout 303");
            s.add(get("/orders/HR-" + (orderNumber++)));
        } else if (r < 0.98) { // checks an order
            s.add(get("/signin"));
            s.add("POST /signin 303");
            s.add(get("/"));
            s.add(get("/orders"));
            s.add(get("/orders/HR-" + (100_000 + rnd.nextInt(Math.max(1, orderNumber - 99_999)))));
        } else { // a dead link
            s.add("GET /product/" + (PRODUCTS + 1 + rnd.nextInt(5000)) + " 404");
            s.add(get("/"));
        }
        return s.toArray(String[]::new);
    }

    private String[] botJourney() {
        int n = 5 + rnd.nextInt(16);
        String[] s = new String[n + 1];
        s[0] = "GET /robots.txt 200";
        for (int i = 1; i <= n; i++) {
            s[i] = rnd.nextInt(10) == 0 ? "GET /wp-login.php 404"
                    : rnd.nextInt(3) == 0 ? get("/category/" + CATEGORIES[rnd.nextInt(CATEGORIES.length)])
                    : get("/product/" + (1 + rnd.nextInt(PRODUCTS)));
        }
        return s;
    }

    private static String get(String path) {
        return "GET " + path + " 200";
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private String ip() {
        if (rnd.nextInt(10) == 0) {
            return String.format("2001:db8:%x:%x::%x", rnd.nextInt(0x10000), rnd.nextInt(0x10000), 1 + rnd.nextInt(0xffff));
        }
        return (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    private void line(Visitor v, long t, String method, String path, int status, int bytes, String referer) throws IOException {
        sb.setLength(0);
        sb.append(v.ip).append(" - - [");
        timestamp(t);
        sb.append("] \"").append(method).append(' ').append(path).append(" HTTP/1.1\" ").append(status).append(' ')
                .append(bytes).append(" \"").append(referer).append("\" \"").append(v.ua).append("\"\n");
        emit();
    }

    private void malformedLine(Visitor v, long t) throws IOException {
        sb.setLength(0);
        switch (rnd.nextInt(3)) {
            case 0 -> { // cut short, as after a disk-full or a rotated file
                sb.append(v.ip).append(" - - [");
                timestamp(t);
                sb.append("] \"GET /prod");
            }
            case 1 -> sb.append("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 TLS handshake on the HTTP port");
            default -> {
                sb.append(v.ip).append(" - - [99/Foo/2026:25:61:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"")
                        .append(v.ua).append('"');
            }
        }
        sb.append('\n');
        malformed++;
        emit();
    }

    private long cachedMinute = Long.MIN_VALUE;
    private String cachedPrefix;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private void timestamp(long t) {
        long minute = Math.floorDiv(t, 60);
        if (minute != cachedMinute) {
            LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, 86_400));
            int secOfDay = (int) Math.floorMod(t, 86_400);
            cachedPrefix = String.format("%02d/%s/%04d:%02d:%02d:", d.getDayOfMonth(), MONTHS[d.getMonthValue() - 1],
                    d.getYear(), secOfDay / 3600, secOfDay / 60 % 60);
            cachedMinute = minute;
        }
        int sec = (int) Math.floorMod(t, 60);
        sb.append(cachedPrefix).append((char) ('0' + sec / 10)).append((char) ('0' + sec % 10)).append(" +0000");
    }

    private byte[] bytes = new byte[1024];

    private void emit() throws IOException {
        int n = sb.length();
        if (n > bytes.length) {
            bytes = new byte[n * 2];
        }
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) sb.charAt(i);
        }
        out.write(bytes, 0, n);
        lines++;
    }

    private int poisson(double lambda) {
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = rnd.nextDouble();
        while (p > l) {
            k++;
            p *= rnd.nextDouble();
        }
        return k;
    }

    private double gaussian() {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
    }
}
