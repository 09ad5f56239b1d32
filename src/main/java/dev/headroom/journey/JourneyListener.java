package dev.headroom.journey;

/** Told about each step of a run as it ends (the CLI prints it; a monitor may record it). Called on the running thread. */
@FunctionalInterface
public interface JourneyListener {
    /** Does nothing. */
    JourneyListener NONE = step -> { };

    void stepFinished(StepResult step);
}
