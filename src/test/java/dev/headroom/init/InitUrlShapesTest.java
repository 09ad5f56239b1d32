package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** URL shapes: session ids stripped, URLs grouped by template, route regexes one alternative per group. */
class InitUrlShapesTest {
    @Test
    void sessionIdsInThePathAndInTheQueryAreStripped() {
        assertThat(UrlShapes.strip("http://h/shop/cart;jsessionid=0A1B?workingItemId=EST-1&jsessionid=x#top"))
                .isEqualTo("http://h/shop/cart?workingItemId=EST-1");
        assertThat(UrlShapes.path("http://h/shop/catalog/items/EST-1;jsessionid=0A1B")).isEqualTo("/shop/catalog/items/EST-1");
    }

    @Test
    void pagesUnderOneParentFromThreeOnAreOneGroupAndTopLevelPagesStayApart() {
        UrlShapes shapes = new UrlShapes(List.of("http://h/category/audio", "http://h/category/bath", "http://h/category/books",
                "http://h/cart", "http://h/signin", "http://h/search", "http://h/about/us"), "/");
        assertThat(shapes.groupKey("http://h/category/toys")).isEqualTo("/category/*");
        assertThat(shapes.groupKey("http://h/product/17")).as("a digit makes a segment variable").isEqualTo("/product/*");
        assertThat(shapes.groupKey("http://h/cart")).isEqualTo("/cart");
        assertThat(shapes.groupKey("http://h/signin")).isEqualTo("/signin");
        assertThat(shapes.groupKey("http://h/about/us")).isEqualTo("/about/us");
        assertThat(shapes.groupKey("http://h/shop/viewProduct.do;jsessionid=A?productId=3")).isEqualTo("/shop/viewProduct.do?productId");
    }

    @Test
    void aRouteRegexHasOneAlternativePerGroupAndToleratesSessionIds() {
        String regex = UrlShapes.regex(List.of(List.of("/shop/catalog/products/FI-SW-01", "/shop/catalog/products/K9-BD-01"),
                List.of("/shop/catalog/items/EST-1", "/shop/catalog/items/EST-2")));
        Pattern p = Pattern.compile(regex);
        assertThat(p.matcher("/shop/catalog/products/AV-CB-01").find()).isTrue();
        assertThat(p.matcher("/shop/catalog/items/EST-18;jsessionid=0A1B2C").find()).isTrue();
        assertThat(p.matcher("/shop/catalog/categories/FISH").find()).as("another group's path").isFalse();
        assertThat(UrlShapes.regex(List.of(List.of("/product/1", "/product/22")))).isEqualTo("^/product/[0-9]+(;[^/]*)?$");
        assertThat(UrlShapes.regex(List.of(List.of("/")))).isEqualTo("^/(;[^/]*)?$");
    }
}
