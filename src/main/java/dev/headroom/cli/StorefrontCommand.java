package dev.headroom.cli;

import picocli.CommandLine.Command;

/** Placeholder until the storefront lands; replaced by the storefront work. */
@Command(name = "storefront", description = "Serve the reference storefront.")
final class StorefrontCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("storefront not built yet");
    }
}
