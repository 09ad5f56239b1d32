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

    private static final String CLASSIC = """
            <form id="order" action="/shop/order/new;jsessionid=0A1B2C" method="post">
              <input type="hidden" name="_sourcePage" value="src-9">
              <input type="submit" name="edit" value="Change">
              <input name="card" value="4111">
              <input type="submit" name="newOrder" value="Continue">
              <button name="later" value="yes" formaction="/shop/order/save;jsessionid=0A1B2C">Save for later</button>
              <input type="submit" name="off" value="Disabled" disabled>
              <button type="button" name="js" value="1">Not a submit</button>
              <input type="image" name="map" alt="Pay with card">
              <input type="reset" name="clear" value="Clear">
            </form>
            <form id="search" action="/shop/search;jsessionid=0A1B2C?stale=1" method="get">
              <input name="keyword"><input type="submit" name="searchProducts" value="Search">
            </form>
            <form id="plain" method="post"><input name="a" value="1"></form>""";

    private final Document classic = Jsoup.parse(CLASSIC, "http://127.0.0.1:8080/shop/order/new;jsessionid=0A1B2C");

    @Test
    void theFirstSubmitButtonIsClickedByDefaultAndTheOthersSendNothing() {
        HtmlForm form = HtmlForm.find(classic, "#order").orElseThrow();

        assertThat(form.clicked()).contains("'Change' (edit)");
        assertThat(form.fields()).containsExactly(java.util.Map.entry("_sourcePage", "src-9"),
                java.util.Map.entry("edit", "Change"), java.util.Map.entry("card", "4111"));
        assertThat(form.buttons()).containsExactly("'Change' (edit)", "'Continue' (newOrder)", "'Save for later' (later)",
                "'Pay with card' (map)");
    }

    @Test
    void aButtonChosenByLabelOrByNameSendsItsNameAndValueInPageOrderAndOnlyIt() {
        HtmlForm byLabel = HtmlForm.find(classic, "#order").orElseThrow().click("Continue");
        HtmlForm byName = HtmlForm.find(classic, "#order").orElseThrow().click("newOrder");

        assertThat(byLabel.fields()).containsExactly(java.util.Map.entry("_sourcePage", "src-9"),
                java.util.Map.entry("card", "4111"), java.util.Map.entry("newOrder", "Continue"));
        assertThat(byName.fields()).isEqualTo(byLabel.fields());
        assertThat(byLabel.toRequest().form()).containsEntry("newOrder", "Continue")
                .doesNotContainKeys("edit", "later", "off", "js", "clear");
        assertThat(HtmlForm.find(classic, "#order").orElseThrow().click("continue").clicked()).contains("'Continue' (newOrder)");
    }

    @Test
    void aButtonElementSendsItsValueAndItsFormactionOverridesTheFormsAction() {
        HtmlForm form = HtmlForm.find(classic, "#order").orElseThrow().click("Save for later");

        assertThat(form.fields()).containsEntry("later", "yes").doesNotContainKeys("edit", "newOrder");
        assertThat(form.action()).isEqualTo("http://127.0.0.1:8080/shop/order/save;jsessionid=0A1B2C");
        assertThat(HtmlForm.find(classic, "#order").orElseThrow().click("Pay with card").fields())
                .containsEntry("map.x", "0").containsEntry("map.y", "0");
    }

    @Test
    void aButtonTheFormDoesNotHaveIsRefusedNamingTheButtonsItHas() {
        HtmlForm form = HtmlForm.find(classic, "#order").orElseThrow();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> form.click("Disabled"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the form has no submit button 'Disabled'; its buttons: 'Change' (edit), 'Continue' (newOrder), "
                        + "'Save for later' (later), 'Pay with card' (map)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HtmlForm.find(classic, "#plain").orElseThrow().click("Go"))
                .hasMessage("the form has no submit button 'Go'; it has none");
    }

    @Test
    void theJsessionidInAnActionIsKeptForPostAndGetAndAGetFormReplacesTheActionsQuery() {
        assertThat(HtmlForm.find(classic, "#order").orElseThrow().toRequest().url())
                .isEqualTo("http://127.0.0.1:8080/shop/order/new;jsessionid=0A1B2C");
        assertThat(HtmlForm.find(classic, "#search").orElseThrow().set("keyword", "angel fish").toRequest().url())
                .isEqualTo("http://127.0.0.1:8080/shop/search;jsessionid=0A1B2C?keyword=angel%20fish&searchProducts=Search");
    }

    @Test
    void aFieldSetUnderAButtonsNameWinsOverTheButton() {
        assertThat(HtmlForm.find(classic, "#order").orElseThrow().set("edit", "x").fields()).containsEntry("edit", "x")
                .doesNotContainKey("newOrder");
    }
}
