package dev.headroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlFormTest {

    private static final String PAGE = """
            <html><body>
            <form id="search" action="/search"><input name="q" value="old"><input name="page" value="1"></form>
            <form class="checkout" action="checkout" method="post">
              <input type="hidden" name="_csrf" value="tok-123">
              <input name="name" value="">
              <input name="newsletter" type="checkbox" value="yes">
              <input name="gift" type="checkbox" value="wrap" checked>
              <input name="locked" value="x" disabled>
              <select name="country"><option>France</option><option selected>United Kingdom</option></select>
              <textarea name="note">leave at door</textarea>
              <button type="submit">Pay</button>
            </form>
            <form class="here" method="post"><input name="a" value="1"></form>
            </body></html>""";

    private final Document page = Jsoup.parse(PAGE, "http://127.0.0.1:8080/shop/cart");

    @Test
    void keepsHiddenFieldsAndWhatTheBrowserWouldSendWhileOverridingNamedFields() {
        HtmlForm form = HtmlForm.find(page, "form.checkout").orElseThrow().set("name", "Ada");

        assertThat(form.method()).isEqualTo("POST");
        assertThat(form.action()).isEqualTo("http://127.0.0.1:8080/shop/checkout");
        assertThat(form.fields()).containsEntry("_csrf", "tok-123")
                .containsEntry("name", "Ada")
                .containsEntry("gift", "wrap")
                .containsEntry("country", "United Kingdom")
                .containsEntry("note", "leave at door")
                .doesNotContainKeys("newsletter", "locked");
    }

    @Test
    void postFormBecomesAUrlEncodedPost() {
        CheckRequest request = HtmlForm.find(page, "form.checkout").orElseThrow().toRequest();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.form()).containsEntry("_csrf", "tok-123");
    }

    @Test
    void getFormPutsItsFieldsInTheQueryString() {
        CheckRequest request = HtmlForm.find(page, "#search").orElseThrow().set("q", "red shoes").toRequest();

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.url()).isEqualTo("http://127.0.0.1:8080/search?q=red%20shoes&page=1");
    }

    @Test
    void formWithoutActionSubmitsToThePageItself() {
        assertThat(HtmlForm.find(page, "form.here").orElseThrow().action()).isEqualTo("http://127.0.0.1:8080/shop/cart");
    }

    @Test
    void selectorThatMatchesNoFormFindsNothing() {
        assertThat(HtmlForm.find(page, "form.nope")).isEmpty();
        assertThat(HtmlForm.find(page, "textarea")).isEmpty();
    }

    @Test
    void setReturnsACopyAndLeavesTheOriginalAlone() {
        HtmlForm original = HtmlForm.find(page, "#search").orElseThrow();
        original.set("q", "new");
        assertThat(original.fields()).containsEntry("q", "old");
    }
}
