package dev.headroom.init;

/**
 * An add-to-cart control found on a product page: a form, or a link (a classic shop's GET {@code
 * addItemToCart.do?workingItemId=...}).
 *
 * @param form the form, or null for a link
 * @param linkSelector a selector for the link, or null for a form
 * @param linkUrl the link's URL as seen (an example), or null for a form
 */
public record AddToCart(FormInfo form, String linkSelector, String linkUrl) {
    /** True for a link, false for a form. */
    public boolean isLink() {
        return form == null;
    }

    /** The form's or the link's selector. */
    public String selector() {
        return isLink() ? linkSelector : form.selector();
    }
}
