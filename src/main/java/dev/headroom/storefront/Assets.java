package dev.headroom.storefront;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/** Static files (read once at start) and the generated product images, favicon, robots.txt and sitemap. */
final class Assets {
    final byte[] styleCss = resource("style.css");
    final byte[] heroPattern = resource("hero-pattern.svg");
    final byte[] logo = resource("logo.svg");
    final byte[] faviconSvg = resource("favicon.svg");
    final byte[] faviconIco = favicon();

    /** ETags of the static files, by array identity (they are read once). */
    private static final Map<byte[], String> ETAGS = new ConcurrentHashMap<>();

    private static final String[] PALETTE = {"#0b6e4f", "#2a4d8f", "#8f2a6d", "#b3541e", "#5a6b1f", "#1f6b8f", "#6b3fa0", "#a0803f"};

    private static byte[] resource(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/storefront/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource storefront/static/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A strong ETag for a static file: a checksum of its bytes, computed once per file. */
    static String etag(byte[] body) {
        return ETAGS.computeIfAbsent(body, b -> {
            CRC32 crc = new CRC32();
            crc.update(b);
            return "\"" + Long.toHexString(crc.getValue()) + "-" + b.length + "\"";
        });
    }

    /** A strong ETag for a generated asset. */
    static String etag(String body) {
        return "\"g" + Integer.toHexString(body.hashCode()) + "-" + body.length() + "\"";
    }

    /**
     * Sets {@code ETag}; if the request's {@code If-None-Match} lists it (or is {@code *}), answers
     * 304 without a body and returns true. Static assets and images only: pages change with faults.
     */
    static boolean notModified(io.javalin.http.Context ctx, String etag) {
        ctx.header("ETag", etag);
        String inm = ctx.header("If-None-Match");
        if (inm == null) {
            return false;
        }
        for (String candidate : inm.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2); // If-None-Match uses the weak comparison
            }
            if (c.equals("*") || c.equals(etag)) {
                ctx.status(304);
                return true;
            }
        }
        return false;
    }

    /** A deterministic picture for a product: colours and shapes derived from its id. */
    static String productSvg(int id) {
        int h = Integer.rotateLeft(id * 0x9E3779B1, 7) & 0x7fffffff;
        String background = PALETTE[h % PALETTE.length];
        String shape = PALETTE[(h / 8 + 3) % PALETTE.length];
        int cx = 120 + (h % 160);
        int cy = 120 + ((h / 160) % 160);
        int r = 60 + (h % 60);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"400\" viewBox=\"0 0 400 400\">"
                + "<title>Product " + id + "</title>"
                + "<rect width=\"400\" height=\"400\" fill=\"" + background + "\"/>"
                + "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\" fill=\"" + shape + "\" fill-opacity=\"0.8\"/>"
                + "<rect x=\"" + (400 - cx - 40) + "\" y=\"" + (400 - cy - 40) + "\" width=\"80\" height=\"80\" rx=\"12\""
                + " fill=\"#ffffff\" fill-opacity=\"0.35\"/>"
                + "<text x=\"200\" y=\"380\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"28\""
                + " fill=\"#ffffff\">#" + id + "</text></svg>";
    }

    static String robots(String baseUrl) {
        return "User-agent: *\nAllow: /\nDisallow: /cart\nDisallow: /checkout\nDisallow: /admin\n\nSitemap: "
                + baseUrl + "/sitemap.xml\n";
    }

    static String sitemap(String baseUrl, List<Catalogue.Category> categories, List<Integer> productIds) {
        StringBuilder xml = new StringBuilder(128 + productIds.size() * 80);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        url(xml, baseUrl + "/");
        for (Catalogue.Category category : categories) {
            url(xml, baseUrl + "/category/" + category.slug());
        }
        for (int id : productIds) {
            url(xml, baseUrl + "/product/" + id);
        }
        return xml.append("</urlset>\n").toString();
    }

    private static void url(StringBuilder xml, String loc) {
        xml.append("  <url><loc>").append(loc.replace("&", "&amp;").replace("<", "&lt;")).append("</loc></url>\n");
    }

    /** A real 16×16 32-bit ICO (the shop's green square), built in code rather than shipped as a binary. */
    private static byte[] favicon() {
        int size = 16;
        int pixelBytes = size * size * 4;
        int maskBytes = size * 4; // 1 bit per pixel, rows padded to 32 bits
        int imageBytes = 40 + pixelBytes + maskBytes;
        ByteBuffer b = ByteBuffer.allocate(6 + 16 + imageBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 1); // ICONDIR: reserved, type icon, 1 image
        b.put((byte) size).put((byte) size).put((byte) 0).put((byte) 0) // ICONDIRENTRY
                .putShort((short) 1).putShort((short) 32).putInt(imageBytes).putInt(6 + 16);
        b.putInt(40).putInt(size).putInt(size * 2).putShort((short) 1).putShort((short) 32) // BITMAPINFOHEADER
                .putInt(0).putInt(pixelBytes).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int y = 0; y < size; y++) { // bottom-up BGRA rows
            for (int x = 0; x < size; x++) {
                boolean bar = (x == 4 || x == 11) && y >= 3 && y <= 12 || y == 8 && x >= 4 && x <= 11;
                b.put(bar ? (byte) 0xff : (byte) 0x4f).put(bar ? (byte) 0xff : (byte) 0x6e)
                        .put(bar ? (byte) 0xff : (byte) 0x0b).put((byte) 0xff);
            }
        }
        b.put(new byte[maskBytes]);
        return b.array();
    }
}
