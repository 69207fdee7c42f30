package org.otp4j.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otp4j.Pid;
import org.otp4j.internal.sched.ControlledScheduler.Event;
import org.otp4j.internal.sched.ControlledScheduler.EventKind;
import org.otp4j.internal.sched.ControlledScheduler.Observer;

/**
 * The events of one schedule, with symbolic pids: {@code P<serial>} for a process and {@code host}
 * for the host, so that a trace reads the same in every run and every JVM (node numbers differ, serials
 * do not).
 */
final class Trace implements Observer {
    private static final Pattern PID = Pattern.compile("<\\d+\\.(\\d+)>");
    private static final Pattern REF = Pattern.compile("#(Ref|TimerRef)<\\d+\\.(\\d+)>");
    /** {@code Object.toString}'s identity hash, and the addresses in lambda class names: run-dependent. */
    private static final Pattern IDENTITY = Pattern.compile("(@|/0x)[0-9a-f]{4,16}\\b");

    private static final int DIAGRAM_LIMIT = 80;

    private final List<Event> events = new ArrayList<>();

    @Override
    public void event(Event event) {
        events.add(event);
    }

    List<Event> events() {
        return events;
    }

    static String name(Pid pid) {
        return pid == null ? "host" : pid.serial() == 0 ? "host" : "P" + pid.serial();
    }

    /** Replaces pids and refs in a detail string by their symbolic, run-independent forms. */
    static String symbolic(String detail) {
        if (detail == null) {
            return "";
        }
        String s = REF.matcher(detail).replaceAll(r -> r.group(1).toLowerCase(java.util.Locale.ROOT) + r.group(2));
        Matcher m = PID.matcher(s);
        s = m.replaceAll(r -> r.group(1).equals("0") ? "host" : "P" + r.group(1));
        return IDENTITY.matcher(s).replaceAll("$1?");
    }

    /**
     * A hash of the run's events (kinds, symbolic actors and details): equal for two runs of one schedule,
     * different when anything escaped the scheduler's control.
     */
    long hash() {
        long h = 1125899906842597L;
        for (Event e : events) {
            h = 31 * h + line(e).hashCode();
        }
        return h;
    }

    /** The first event at which two traces differ, or -1. */
    static int firstDifference(Trace a, Trace b) {
        int n = Math.min(a.events.size(), b.events.size());
        for (int i = 0; i < n; i++) {
            if (!line(a.events.get(i)).equals(line(b.events.get(i)))) {
                return i;
            }
        }
        return a.events.size() == b.events.size() ? -1 : n;
    }

    static String line(Event e) {
        return switch (e.kind()) {
            case RUN -> "run " + name(e.actor());
            case DELIVER ->
                name(e.actor()) + " -> " + name(e.target()) + ": " + symbolic(e.detail())
                        + (e.raced() ? " [race]" : "");
            case TIME -> "time " + e.detail() + " ns";
            case SPAWN -> "spawn " + name(e.actor());
            case EXIT -> "exit " + name(e.actor()) + ": " + symbolic(e.detail());
        };
    }

    /** The whole trace, one event a line, with step numbers. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            sb.append(String.format("%6d  %s%n", e.step(), line(e)));
        }
        return sb.toString();
    }

    /**
     * The run as a Mermaid sequence diagram: deliveries as arrows (a delivery whose order against another
     * sender's was chosen by the strategy is marked as a race), spawns, exits and clock moves as notes.
     * Scheduling steps that only run code are left out. Long runs keep their last events.
     */
    String mermaid() {
        List<Event> shown = new ArrayList<>();
        for (Event e : events) {
            if (e.kind() != EventKind.RUN) {
                shown.add(e);
            }
        }
        int skipped = Math.max(0, shown.size() - DIAGRAM_LIMIT);
        shown = shown.subList(skipped, shown.size());
        Set<String> participants = new LinkedHashSet<>();
        for (Event e : shown) {
            participants.add(name(e.actor()));
            if (e.target() != null) {
                participants.add(name(e.target()));
            }
        }
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        for (String p : participants) {
            sb.append("    participant ").append(p).append('\n');
        }
        if (skipped > 0) {
            String first = participants.iterator().next();
            sb.append("    Note over ")
                    .append(first)
                    .append(": ")
                    .append(skipped)
                    .append(" earlier events left out\n");
        }
        for (Event e : shown) {
            String actor = name(e.actor());
            switch (e.kind()) {
                case DELIVER ->
                    sb.append("    ")
                            .append(actor)
                            .append(e.raced() ? " -) " : " ->> ")
                            .append(name(e.target()))
                            .append(": ")
                            .append(e.raced() ? "RACE " : "")
                            .append(mermaidText(symbolic(e.detail())))
                            .append('\n');
                case SPAWN -> sb.append("    Note over ").append(actor).append(": spawned\n");
                case EXIT ->
                    sb.append("    Note over ")
                            .append(actor)
                            .append(": exit ")
                            .append(mermaidText(symbolic(e.detail())))
                            .append('\n');
                case TIME ->
                    sb.append("    Note over ")
                            .append(participants.iterator().next())
                            .append(": virtual time ")
                            .append(millis(e.detail()))
                            .append('\n');
                default -> {}
            }
        }
        return sb.toString();
    }

    private static String millis(String nanos) {
        try {
            return String.format("%.3f ms", Long.parseLong(nanos) / 1e6);
        } catch (NumberFormatException e) {
            return nanos;
        }
    }

    /** Escapes the characters Mermaid gives a meaning to in message text, and shortens long text. */
    private static String mermaidText(String s) {
        String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) {
            switch (c) {
                case '#' -> sb.append("#35;");
                case ';' -> sb.append("#59;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
