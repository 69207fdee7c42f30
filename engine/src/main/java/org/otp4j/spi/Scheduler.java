package org.otp4j.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.otp4j.ExitReason;

/**
 * Decides when process code runs and when a signal reaches its receiver: the first half of the
 * determinism seam (the other is {@link Clock}).
 *
 * <p>The production scheduler runs a handler's activations on pooled virtual threads and a direct-style
 * body on a virtual thread of its own, delivers a signal at the moment it is sent, and treats
 * scheduling points as no-ops. The testkit's scheduler runs one strand
 * at a time, makes every {@link SchedulingPoint} and every delivery a choice driven by a seed, and
 * moves virtual time only when every strand is blocked.
 *
 * <p><b>Contract.</b> For a given (sender, receiver) pair, deliveries run in the order of {@link
 * #transmit} calls (the engine's only ordering guarantee rests on it). {@link #activate} is never called
 * for a strand that has an activation running or pending. {@link #park} is called only by the strand's
 * own activation thread and may return spuriously; the engine re-checks its condition.
 */
public interface Scheduler {

    /**
     * Called once, when the node that owns this scheduler is built.
     *
     * @param clock the node's clock, for park deadlines
     */
    void attach(Clock clock);

    /**
     * Whether signals are delivered at the moment they are sent. If true, the engine delivers them
     * itself and never calls {@link #transmit}, keeping the production send path free of allocation.
     *
     * @return true for the production scheduler
     */
    boolean deliversAtSend();

    /**
     * Runs one activation of {@code strand}: the body of a direct-style process, or a batch of messages
     * for a handler.
     *
     * @param strand the process
     * @param activation the code to run; it returns when the activation is over
     */
    void activate(Strand strand, Runnable activation);

    /**
     * {@code current} made {@code target}'s activation ready by sending it a call's request, and will do
     * nothing but wait for the answer (the target is a handler process whose callers may run it, {@code
     * SpawnOptions.callerRuns}): run the activation on the calling thread now, or hand it over as {@link
     * #activate} does. Running it here saves waking a thread for the target and parking and
     * waking the caller, at the price of the caller's thread being busy with the target's code for that
     * activation (the engine lets such an activation handle a single message, then hands the rest over
     * through {@link #activate}). Only called by schedulers that {@link #deliversAtSend() deliver at
     * send}; the default activates.
     *
     * @param current the calling strand, running on the calling thread
     * @param target the strand made ready
     * @param activation the target's activation
     */
    default void handOff(Strand current, Strand target, Runnable activation) {
        activate(target, activation);
    }

    /**
     * A signal leaves {@code from} for {@code to}: run {@code delivery} exactly once, later or now,
     * keeping the order of deliveries between the same pair.
     *
     * @param from the sender, or null for the host and for timers
     * @param to the receiver
     * @param delivery puts the signal into the receiver's inbox
     */
    void transmit(Strand from, Strand to, Runnable delivery);

    /**
     * Like {@link #transmit}, for a signal sent on behalf of a process that has ended (a {@code noproc}
     * answer to a link or monitor): it can send nothing more, so the delivery runs at once unless
     * earlier signals from {@code from} to {@code to} are still in flight, in which case it queues
     * behind them.
     *
     * @param from the ended process
     * @param to the receiver
     * @param delivery puts the signal into the receiver's inbox
     */
    void transmitInOrder(Strand from, Strand to, Runnable delivery);

    /**
     * The strand running on the calling thread reached a scheduling point; a controlling scheduler may
     * run other strands before this call returns.
     *
     * @param current the strand
     * @param point what it is about to do
     */
    void point(Strand current, SchedulingPoint point);

    /**
     * Blocks the calling strand until {@link #unpark}, the deadline, or spuriously. A permit given by an
     * {@code unpark} before the park makes the park return at once.
     *
     * @param current the strand, running on the calling thread
     * @param deadlineNanos on the clock; {@link Long#MAX_VALUE} for none
     */
    void park(Strand current, long deadlineNanos);

    /**
     * Wakes a parked strand, or gives it a permit for its next park.
     *
     * @param strand the strand
     */
    void unpark(Strand strand);

    /**
     * The strand was sent {@code kill}: break it out of blocking the engine does not own (a sleep, I/O).
     *
     * @param strand the victim
     */
    void interrupt(Strand strand);

    /**
     * A host thread waits for {@code done}. The production scheduler just waits; a controlling scheduler
     * runs the processes until {@code done} completes.
     *
     * @param done completes when the host's wait is over
     * @param timeoutNanos the longest wait, in the clock's nanoseconds
     * @throws TimeoutException if {@code done} did not complete in time, or the scheduler can tell that
     *     it never will (the message then says why)
     * @throws InterruptedException if the host thread was interrupted
     */
    void awaitHost(CompletableFuture<?> done, long timeoutNanos) throws TimeoutException, InterruptedException;

    /**
     * A process has terminated: its name is released and its exit and down signals are sent. For
     * schedulers that trace runs; the production scheduler ignores it.
     *
     * @param strand the process
     * @param reason why it ended
     */
    default void terminated(Strand strand, ExitReason reason) {}

    /**
     * The node is closed and every process has ended: wait for activation threads to finish and
     * release the scheduler's own threads.
     */
    void close();
}
