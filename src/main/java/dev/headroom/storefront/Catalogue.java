package dev.headroom.storefront;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to categories and products. Categories and product counts never change after
 * seeding, so they are loaded once; products are always read from the database because their
 * stock changes with every order (possibly placed by another instance).
 */
final class Catalogue {
    static final int PAGE_SIZE = 24;
    private static final String PRODUCT_COLUMNS = "id, category_id, name, description, price_cents, stock";

    record Category(int id, String slug, String name, int productCount) {
        int pages() {
            return Math.max(1, (productCount + PAGE_SIZE - 1) / PAGE_SIZE);
        }
    }

    record Product(int id, int categoryId, String name, String description, int priceCents, int stock) {
    }

    /** One page of products plus what pagination needs. */
    record Page(List<Product> products, int page, int pages, int total) {
    }

    private final Database db;
    private final List<Category> categories;
    private final Map<String, Category> bySlug = new LinkedHashMap<>();
    private final Map<Integer, Category> byId = new LinkedHashMap<>();
    private final int productCount;
    private final int maxProductId;

    Catalogue(Database db) {
        this.db = db;
        this.categories = db.read(c -> {
            List<Category> list = new ArrayList<>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT c.id, c.slug, c.name,"
                    + " (SELECT COUNT(*) FROM product p WHERE p.category_id = c.id) FROM category c ORDER BY c.id")) {
                while (rs.next()) {
                    list.add(new Category(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return List.copyOf(list);
        });
        for (Category category : categories) {
            bySlug.put(category.slug(), category);
            byId.put(category.id(), category);
        }
        int[] counts = db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM product")) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        });
        this.productCount = counts[0];
        this.maxProductId = counts[1];
    }

    List<Category> categories() {
        return categories;
    }

    Optional<Category> category(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    Category category(int id) {
        return byId.get(id);
    }

    int productCount() {
        return productCount;
    }

    /** Counts products with a query, so the health check really touches the database. */
    int countProductsNow() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM product")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    Optional<Product> product(int id) {
        return db.read(c -> product(c, id));
    }

    static Optional<Product> product(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PRODUCT_COLUMNS + " FROM product WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(product(rs)) : Optional.empty();
            }
        }
    }

    /** Eight products spread evenly over the catalogue, the same on every visit. */
    List<Product> featured() {
        int step = Math.max(1, maxProductId / 8);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 8 && 1 + i * step <= maxProductId; i++) {
            ids.add(1 + i * step);
        }
        return byIds(ids);
    }

    private List<Product> byIds(List<Integer> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return db.read(c -> list(c, "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE id IN (" + marks + ") ORDER BY id",
                ids.toArray()));
    }

    /** "Customers also bought": the next four products of the same category, wrapping around. */
    List<Product> related(Product product) {
        return db.read(c -> {
            List<Product> list = list(c, "SELECT " + PRODUCT_COLUMNS
                    + " FROM product WHERE category_id = ? AND id > ? ORDER BY id LIMIT 4", product.categoryId(), product.id());
            if (list.size() < 4) {
                list.addAll(list(c, "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE category_id = ? AND id < ?"
                        + " ORDER BY id LIMIT ?", product.categoryId(), product.id(), 4 - list.size()));
            }
            return list;
        });
    }

    /** One page of a category; empty if the page is out of range. */
    Optional<Page> listing(Category category, int page) {
        if (page < 1 || page > category.pages()) {
            return Optional.empty();
        }
        List<Product> products = db.read(c -> list(c, "SELECT " + PRODUCT_COLUMNS
                + " FROM product WHERE category_id = ? ORDER BY id LIMIT ? OFFSET ?",
                category.id(), PAGE_SIZE, (page - 1) * PAGE_SIZE));
        return Optional.of(new Page(products, page, category.pages(), category.productCount()));
    }

    /**
     * Products whose name contains the query (case-insensitive). A full scan with LIKE is fast
     * enough for a few thousand products and behaves the same on every H2 database.
     *
     * @return empty if the page is out of range (a query with no results has page 1 of 1)
     */
    Optional<Page> search(String query, int page) {
        String pattern = "%" + query.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.read(c -> {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM product WHERE LOWER(name) LIKE ? ESCAPE '\\'")) {
                ps.setString(1, pattern);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            if (page < 1 || page > pages) {
                return Optional.empty();
            }
            List<Product> products = list(c, "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE LOWER(name) LIKE ? ESCAPE '\\'"
                    + " ORDER BY id LIMIT ? OFFSET ?", pattern, PAGE_SIZE, (page - 1) * PAGE_SIZE);
            return Optional.of(new Page(products, page, pages, total));
        });
    }

    /** Every product id, for the sitemap. */
    List<Integer> allProductIds() {
        return db.read(c -> {
            List<Integer> ids = new ArrayList<>(productCount);
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM product ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            return ids;
        });
    }

    private static List<Product> list(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Database.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<Product> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(product(rs));
                }
                return list;
            }
        }
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6));
    }
}
