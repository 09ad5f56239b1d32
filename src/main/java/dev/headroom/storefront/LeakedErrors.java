package dev.headroom.storefront;

/**
 * The realistic error text the {@link Fault#ERROR_LEAK} fault puts into otherwise normal pages, the
 * kind of thing a debug setting left on in production shows to every visitor.
 */
final class LeakedErrors {
    private LeakedErrors() {
    }

    /** Shown on product pages whose id is divisible by 5. */
    static String sqlError(int productId) {
        return "org.h2.jdbc.JdbcSQLSyntaxErrorException: Syntax error in SQL statement \"SELECT * FROM PRODUCT WHERE ID = [*]'"
                + productId + "'' ORDER BY NAME\"; expected \"NOT, EXISTS, INTERSECTS, UNIQUE\"; SQL statement:\n"
                + "SELECT * FROM PRODUCT WHERE ID = '" + productId + "'' ORDER BY NAME [42001-224]\n"
                + "\tat org.h2.message.DbException.getJdbcSQLException(DbException.java:514)\n"
                + "\tat org.h2.message.DbException.getJdbcSQLException(DbException.java:489)\n"
                + "\tat org.h2.message.DbException.get(DbException.java:223)\n"
                + "\tat org.h2.command.Parser.getSyntaxError(Parser.java:1102)\n"
                + "\tat org.h2.jdbc.JdbcPreparedStatement.executeQuery(JdbcPreparedStatement.java:115)\n"
                + "\tat dev.headroom.storefront.ProductDao.findById(ProductDao.java:87)";
    }

    /** Shown on search result pages. */
    static String stackTrace() {
        return "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"facet\" is null\n"
                + "\tat dev.headroom.storefront.SearchFacets.normalize(SearchFacets.java:123)\n"
                + "\tat dev.headroom.storefront.SearchController.results(SearchController.java:58)\n"
                + "\tat io.javalin.router.Endpoint.handle(Endpoint.kt:52)\n"
                + "\tat io.javalin.http.servlet.JavalinServlet.handleSync(JavalinServlet.kt:99)\n"
                + "\tat org.eclipse.jetty.servlet.ServletHolder.handle(ServletHolder.java:764)\n"
                + "\tat org.eclipse.jetty.server.handler.ScopedHandler.handle(ScopedHandler.java:143)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:840)";
    }
}
