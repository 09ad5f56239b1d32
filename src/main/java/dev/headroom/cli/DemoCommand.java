package dev.headroom.cli;

import picocli.CommandLine.Command;

/** Placeholder until the demo lands. */
@Command(name = "demo", description = "Show the whole suite on one machine.")
final class DemoCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("demo not built yet");
    }
}
