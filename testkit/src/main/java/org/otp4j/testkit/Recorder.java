package org.otp4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.otp4j.Pid;
import org.otp4j.internal.sched.ControlledScheduler.Choice;
import org.otp4j.internal.sched.ControlledScheduler.Strategy;

/**
 * Wraps a strategy: records every choice (so that a schedule can be replayed and shrunk), replays a
 * recorded prefix strictly, and injects seeded faults.
 *
 * <p>A recorded choice is an index into the enabled list, or {@link #CANONICAL}: the choice a
 * production run would make (deliver pending signals first, oldest channel first; otherwise keep running
 * the strand that ran last; otherwise the oldest ready strand). Shrinking replaces choices with {@code
 * CANONICAL}, which removes delayed deliveries and preemptions.
 */
final class Recorder implements Strategy {
    /** Stands for the canonical choice in a recorded schedule. */
    static final int CANONICAL = -1;

    private final Strategy strategy; // null: replay only, canonical after the prefix
    private final int[] prefix; // choices to replay first; null for none
    private final SplittableRandom faults;
    private final double faultRate;
    private final Consumer<Pid> kill;
    private final List<Integer> choices = new ArrayList<>();
    private Pid lastRun;

    Recorder(Strategy strategy, int[] prefix, long faultSeed, double faultRate, Consumer<Pid> kill) {
        this.strategy = strategy;
        this.prefix = prefix;
        this.faults = new SplittableRandom(faultSeed);
        this.faultRate = faultRate;
        this.kill = kill;
    }

    @Override
    public int choose(List<Choice> enabled) {
        int step = choices.size();
        int i;
        if (prefix != null && step < prefix.length) {
            int recorded = prefix[step];
            i = recorded == CANONICAL ? canonical(enabled) : recorded;
            if (i >= enabled.size()) {
                throw new ReplayDivergedException("the replay diverged at step " + step + ": it recorded choice "
                        + recorded + " but only " + enabled.size() + " events are enabled; the code under test"
                        + " or its inputs changed, or something escaped the scheduler's control");
            }
        } else if (strategy == null) {
            i = canonical(enabled);
        } else {
            i = strategy.choose(enabled);
        }
        Choice c = enabled.get(i);
        if (!c.isDelivery() && c.actor() != null) {
            lastRun = c.actor();
            if (faultRate > 0 && faults.nextDouble() < faultRate) {
                kill.accept(c.actor()); // a seeded fault: the process is sent kill as it takes this step
            }
        }
        choices.add(i);
        return i;
    }

    private int canonical(List<Choice> enabled) {
        int first = -1;
        int same = -1;
        for (int i = 0; i < enabled.size(); i++) {
            Choice c = enabled.get(i);
            if (c.isDelivery()) {
                return i; // strands come first in the list, so this is the oldest channel
            }
            if (c.actor() == null) {
                continue; // a time jump: never the canonical choice
            }
            if (first < 0) {
                first = i;
            }
            if (c.actor().equals(lastRun)) {
                same = i;
            }
        }
        return same >= 0 ? same : first;
    }

    int[] choices() {
        return choices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Thrown when a strict replay no longer matches the schedule it replays. */
    static final class ReplayDivergedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ReplayDivergedException(String message) {
            super(message);
        }
    }
}
