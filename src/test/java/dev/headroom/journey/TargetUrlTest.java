package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one rule by which journeys, probes and crawls turn what a file says into the URL requested. */
class TargetUrlTest {
    @ParameterizedTest(name = "{1} under {0} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            http://host/shop/       | /catalog               | http://host/shop/catalog
            http://host/shop        | /catalog               | http://host/shop/catalog
            http://host/shop/       | catalog                | http://host/shop/catalog
            http://host/shop        | ./                     | http://host/shop/
            http://host/shop/       | /                      | http://host/shop/
            http://host/shop/       | ?q=lamp                | http://host/shop/?q=lamp
            http://host:8080        | /search?q=a b          | http://host:8080/search?q=a%20b
            http://host/shop/?x=1#f | /catalog               | http://host/shop/catalog
            http://host/shop/       | http://other:81/x      | http://other:81/x
            http://host/shop/       | //other/x              | http://host/shop//other/x
            """)
    void aPathGoesUnderTheTargetsPathAndAnAbsoluteUrlStaysAsItIs(String target, String url, String expected) {
        assertThat(TargetUrl.resolve(target, url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} under {0} cannot be resolved")
    @CsvSource(delimiter = '|', textBlock = """
            not a url         | /catalog
            ftp://host/       | /catalog
            http://host/shop/ | http://
            """)
    void whatCannotBeResolvedIsNull(String target, String url) {
        assertThat(TargetUrl.resolve(target, url)).isNull();
    }
}
