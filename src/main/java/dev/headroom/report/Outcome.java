package dev.headroom.report;

/**
 * The contract of every engine's result (a crawl, a journey run, a monitor round, a load test, a
 * drill): it knows its own verdict and its own report, so a command is parse, call, write, exit,
 * and the demo (or the release gate) can call the engines directly and read the same answers.
 */
public interface Outcome {
    /** What the run came to; decided once, here, and nowhere else. */
    Verdict verdict();

    /** The run as the shared report, for {@link ReportWriter}. */
    Report toReport();
}
