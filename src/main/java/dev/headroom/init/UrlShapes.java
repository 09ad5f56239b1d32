package dev.headroom.init;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * The shapes of a shop's URLs: session ids stripped ({@code ;jsessionid=...}, {@code ?jsessionid=}),
 * and URLs grouped by template ({@code /product/17} and {@code /product/23} are {@code /product/*};
 * {@code viewProduct.do?productId=3} is {@code viewProduct.do?productId}), so that what is seen on a
 * few pages of a group holds for all of them, and a route regex covers the group.
 */
final class UrlShapes {
    /** Variable last segments under one parent from this many on make a group of it. */
    static final int GROUP_MIN = 3;
    /** What a route regex adds after a path so that {@code ;jsessionid=...} still matches. */
    static final String PATH_PARAMS = "(;[^/]*)?";

    private final Map<String, Set<String>> children = new HashMap<>();
    private final String rootPath;

    /** Shapes learnt from these (crawled) URLs, under a target whose path is {@code rootPath} ({@code /} or {@code /shop/}). */
    UrlShapes(Collection<String> urls, String rootPath) {
        this.rootPath = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        for (String u : urls) {
            String path = path(u);
            int slash = path.lastIndexOf('/');
            children.computeIfAbsent(path.substring(0, slash + 1), k -> new HashSet<>()).add(path.substring(slash + 1));
        }
    }

    /** The URL without session ids and fragment, or the input if it is not a URL. */
    static String strip(String url) {
        HttpUrl u = HttpUrl.parse(url);
        if (u == null) {
            return url;
        }
        HttpUrl.Builder b = u.newBuilder().fragment(null).encodedPath(u.encodedPath().replaceAll(";[^/]*", ""));
        for (String name : u.queryParameterNames()) {
            if (name.equalsIgnoreCase("jsessionid") || name.equalsIgnoreCase("phpsessid") || name.equalsIgnoreCase("sid")) {
                b.removeAllQueryParameters(name);
            }
        }
        return b.build().toString();
    }

    /** The encoded path without session ids: {@code /shop/viewProduct.do}. */
    static String path(String url) {
        HttpUrl u = HttpUrl.parse(url);
        String path = u == null ? url : u.encodedPath();
        return path.replaceAll(";[^/]*", "");
    }

    /** The group of a URL: its path with a variable last segment as {@code *}, and its query's parameter names. */
    String groupKey(String url) {
        HttpUrl u = HttpUrl.parse(strip(url));
        if (u == null) {
            return url;
        }
        String path = path(url);
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash + 1);
        String last = path.substring(slash + 1);
        boolean variable = last.matches(".*\\d.*")
                || !parent.equals(rootPath) && !parent.equals("/") && children.getOrDefault(parent, Set.of()).size() >= GROUP_MIN;
        String query = new TreeSet<>(u.queryParameterNames()).stream().collect(Collectors.joining("&"));
        return parent + (variable ? "*" : last) + (query.isEmpty() ? "" : "?" + query);
    }

    /**
     * A route regex (searched on the path without query string, as {@link
     * dev.headroom.model.RouteClassifier} does) matching every path of {@code groups} and the paths
     * shaped like them, with or without {@code ;jsessionid=...}: one alternative per group of URLs, so
     * that {@code /catalog/products/*} and {@code /catalog/items/*} do not widen into {@code /catalog/*}{@code /*}.
     */
    static String regex(Collection<? extends Collection<String>> groups) {
        Set<String> alternatives = new java.util.LinkedHashSet<>();
        for (Collection<String> paths : groups) {
            alternatives.addAll(shapes(paths));
        }
        List<String> sorted = new ArrayList<>(alternatives);
        String body = sorted.size() == 1 ? sorted.get(0) : "(" + String.join("|", sorted) + ")";
        return "^" + body + PATH_PARAMS + "$";
    }

    /** The path shapes of one group of URLs, one per number of segments. */
    private static List<String> shapes(Collection<String> paths) {
        Map<Integer, List<String[]>> byLength = new java.util.TreeMap<>();
        for (String p : new TreeSet<>(paths)) {
            String[] segments = p.substring(p.startsWith("/") ? 1 : 0).split("/", -1);
            byLength.computeIfAbsent(segments.length, k -> new ArrayList<>()).add(segments);
        }
        List<String> alternatives = new ArrayList<>();
        for (List<String[]> group : byLength.values()) {
            StringBuilder sb = new StringBuilder();
            int n = group.get(0).length;
            for (int i = 0; i < n; i++) {
                Set<String> values = new TreeSet<>();
                for (String[] s : group) {
                    values.add(s[i]);
                }
                sb.append('/');
                if (values.size() == 1) {
                    sb.append(escape(values.iterator().next()));
                } else if (values.stream().allMatch(v -> v.matches("[0-9]+"))) {
                    sb.append("[0-9]+");
                } else if (i == n - 1 && values.stream().allMatch(v -> v.contains(".")) && commonSuffix(values) != null) {
                    sb.append("[^/;]+").append(escape(commonSuffix(values)));
                } else {
                    sb.append("[^/;]+");
                }
            }
            alternatives.add(sb.toString());
        }
        return alternatives;
    }

    private static String commonSuffix(Set<String> values) {
        String ext = null;
        for (String v : values) {
            String e = v.substring(v.lastIndexOf('.'));
            if (ext != null && !ext.equals(e)) {
                return null;
            }
            ext = e;
        }
        return ext;
    }

    /** The path's literal characters, regex metacharacters escaped one by one (readable, unlike \Q...\E). */
    static String escape(String literal) {
        StringBuilder sb = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A fixed part of a group's path worth naming in {@code a[href*=...]}: the last literal segment. */
    static String hrefHint(String groupKey) {
        String path = groupKey.contains("?") ? groupKey.substring(0, groupKey.indexOf('?')) : groupKey;
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && !segments[i].equals("*")) {
                return i == segments.length - 1 ? segments[i] : segments[i] + "/";
            }
        }
        return "";
    }
}
