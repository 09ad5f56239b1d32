package dev.headroom.storefront;

import dev.headroom.storefront.Catalogue.Category;
import dev.headroom.storefront.Catalogue.Product;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** Browsing: {@code /}, {@code /category/{slug}}, {@code /product/{id}} and {@code /search} (slowed by {@link Fault#SLOW_ROUTE} {@code search}). */
final class CatalogueRoutes {
    private final Catalogue catalogue;
    private final FaultSettings faults;
    private final Pages pages;

    CatalogueRoutes(Catalogue catalogue, FaultSettings faults, Pages pages) {
        this.catalogue = catalogue;
        this.faults = faults;
        this.pages = pages;
    }

    void register(Javalin app, FaultFilters filters) {
        app.get("/", this::home);
        app.get("/category/{slug}", this::category);
        app.get("/product/{id}", this::product);
        app.get("/search", filters.slow("search", this::search));
    }

    private void home(Context ctx) {
        Map<String, Object> scope = pages.page(ctx, "Home");
        scope.put("featured", Pages.productModels(catalogue.featured()));
        scope.put("productCount", catalogue.productCount());
        scope.put("categoryCount", catalogue.categories().size());
        pages.brokenLinks(scope, true);
        pages.html(ctx, "home", scope);
    }

    private void category(Context ctx) {
        Category category = catalogue.category(ctx.pathParam("slug")).orElseThrow(ShopException::notFound);
        int page = Params.page(ctx);
        Catalogue.Page listing = catalogue.listing(category, page).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = pages.page(ctx, category.name() + (page > 1 ? " – page " + page : ""));
        scope.put("category", category.name());
        scope.put("products", Pages.productModels(listing.products()));
        scope.put("total", listing.total());
        scope.put("page", listing.page());
        scope.put("pageCount", listing.pages());
        pagination(scope, "/category/" + category.slug(), "", listing);
        pages.brokenLinks(scope, true);
        pages.html(ctx, "category", scope);
    }

    private void product(Context ctx) {
        int id = Params.intOrNotFound(ctx.pathParam("id"));
        Product product = catalogue.product(id).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = pages.page(ctx, product.name());
        Map<String, Object> model = Pages.productModel(product);
        Category category = catalogue.category(product.categoryId());
        model.put("categorySlug", category.slug());
        model.put("categoryName", category.name());
        model.put("description", product.description());
        model.put("maxQty", Math.min(product.stock(), Carts.MAX_QTY));
        scope.put("product", model);
        scope.put("related", Pages.productModels(catalogue.related(product)));
        // Faults hit a fixed share of products, so a crawl finds the same pages broken every time.
        pages.brokenLinks(scope, id % 7 == 0);
        if (id % 5 == 0 && faults.isActive(Fault.ERROR_LEAK)) {
            scope.put("leak", LeakedErrors.sqlError(id));
        }
        pages.html(ctx, "product", scope);
    }

    private void search(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (q.length() > 100) {
            q = q.substring(0, 100);
        }
        int page = Params.page(ctx);
        Map<String, Object> scope = pages.page(ctx, q.isEmpty() ? "Search" : "Search: " + q);
        scope.put("q", q);
        if (q.isEmpty()) {
            scope.put("hasResults", false);
        } else {
            Catalogue.Page results = catalogue.search(q, page).orElseThrow(ShopException::notFound);
            scope.put("hasResults", results.total() > 0);
            scope.put("products", Pages.productModels(results.products()));
            scope.put("total", results.total());
            scope.put("page", results.page());
            scope.put("pageCount", results.pages());
            pagination(scope, "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), "&", results);
        }
        if (faults.isActive(Fault.ERROR_LEAK)) {
            scope.put("leak", LeakedErrors.stackTrace());
        }
        pages.html(ctx, "search", scope);
    }

    /** Fills the pagination model; page 1 links to the bare URL so each page has one address. */
    private static void pagination(Map<String, Object> scope, String base, String joiner, Catalogue.Page page) {
        if (page.pages() <= 1) {
            return;
        }
        String sep = joiner.isEmpty() ? "?" : joiner;
        IntFunction<String> url = n -> n == 1 ? base : base + sep + "page=" + n;
        Map<String, Object> p = new HashMap<>();
        if (page.page() > 1) {
            p.put("prevUrl", url.apply(page.page() - 1));
            scope.put("relPrev", url.apply(page.page() - 1));
        }
        if (page.page() < page.pages()) {
            p.put("nextUrl", url.apply(page.page() + 1));
            scope.put("relNext", url.apply(page.page() + 1));
        }
        List<Map<String, Object>> numbers = new ArrayList<>();
        int from = Math.max(1, page.page() - 4);
        int to = Math.min(page.pages(), page.page() + 4);
        for (int n = from; n <= to; n++) {
            numbers.add(Map.of("number", n, "url", url.apply(n), "current", n == page.page()));
        }
        p.put("pages", numbers);
        scope.put("pagination", p);
    }
}
