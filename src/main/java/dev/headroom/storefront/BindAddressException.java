package dev.headroom.storefront;

/**
 * The address the shop was told to listen on cannot be used: it does not resolve, or it is not an
 * address of this machine. Not a busy port (that is a {@link java.net.BindException}): choosing
 * another port would not help.
 */
public final class BindAddressException extends IllegalArgumentException {
    BindAddressException(String message) {
        super(message);
    }
}
