package dev.headroom.gate;

import dev.headroom.model.TrafficModel;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the gate refuses to run: inside the traffic model's peak hours ({@code windows.avoid}, in the
 * model's zone) or inside one of the gate's own {@code windows} (in its {@code zone}).
 */
public final class ChangeWindows {
    /** An hour of the week: Mon 00:00 is 0, Sun 23:00 is 167. */
    private record Span(int start, int hours, String label, ZoneId zone) {
        boolean contains(int hourOfWeek) {
            int offset = Math.floorMod(hourOfWeek - start, 168);
            return offset < hours;
        }
    }

    private final List<Span> spans;

    private ChangeWindows(List<Span> spans) {
        this.spans = List.copyOf(spans);
    }

    /**
     * The windows of {@code config} in {@code zone} and the peak hours of {@code model} (null: none) in
     * the model's own zone.
     */
    public static ChangeWindows of(GateConfig config, ZoneId zone, TrafficModel model) {
        List<Span> spans = new ArrayList<>();
        ZoneId mz = zone;
        if (model != null && model.windows() != null) {
            if (model.timeRange() != null && model.timeRange().zone() != null) {
                try {
                    mz = ZoneId.of(model.timeRange().zone());
                } catch (RuntimeException e) {
                    mz = zone;
                }
            }
            for (TrafficModel.HourLoad h : model.windows().avoid()) {
                int day = TrafficModel.DAYS.indexOf(h.day());
                if (day >= 0) {
                    spans.add(new Span(day * 24 + h.hour(), 1, "the traffic model's peak hour " + h.label() + " (" + mz + ")", mz));
                }
            }
        }
        for (GateConfig.Window w : config.windows()) {
            if (GateConfig.Window.DAILY.equals(w.day())) {
                for (int d = 0; d < 7; d++) {
                    spans.add(new Span(d * 24 + w.hour(), w.hours(), "the gate's window " + w.label() + " (" + zone + ")", zone));
                }
            } else {
                spans.add(new Span(TrafficModel.DAYS.indexOf(w.day()) * 24 + w.hour(), w.hours(),
                        "the gate's window " + w.label() + " (" + zone + ")", zone));
            }
        }
        return new ChangeWindows(spans);
    }

    /** True if there is no window at all. */
    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /** The window {@code now} falls in, for people; empty outside every window. */
    public Optional<String> inside(Instant now) {
        for (Span s : spans) {
            ZonedDateTime t = now.atZone(s.zone());
            int hourOfWeek = (t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + t.getHour();
            if (s.contains(hourOfWeek)) {
                return Optional.of(s.label() + ", now " + t.toLocalDateTime().withNano(0)
                        + " " + t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
