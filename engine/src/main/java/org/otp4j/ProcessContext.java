package org.otp4j;

import java.time.Duration;
import java.util.Optional;

/**
 * A running process's handle on the engine: Erlang's BIFs for the process that calls them.
 *
 * <p><b>Threading.</b> A context belongs to its process and may be used only on the process's own
 * thread (the body's virtual thread, or the thread running the current activation of a {@link
 * MessageHandler}); using it elsewhere throws {@link IllegalStateException}. Every operation checks
 * first whether an exit signal has decided that the process dies, and if so throws {@link
 * ExitException}.
 *
 * <p><b>Ordering.</b> Signals (messages, links, unlinks, exit signals, monitors, demonitors and down
 * signals) from one process to another arrive in the order they were sent; that is the only ordering
 * guarantee. Signals from different senders, and messages that travel through a third process, may
 * arrive in any order.
 *
 * <p><b>Messages are values.</b> A message is passed by reference and must not be mutated after it is
 * sent: use records and immutable collections. {@code null} is not a message.
 *
 * <p><b>Blocking.</b> Only {@code receive} blocks. A receive with a timeout of zero is a poll.
 * Timeouts and deadlines are measured on the node's clock, which is virtual time under the testkit.
 */
public interface ProcessContext {

    /** {@return this process's pid} */
    Pid self();

    /** {@return the node this process runs on} */
    Node node();

    // ---- messages -------------------------------------------------------------------------------

    /**
     * Sends a message; a no-op if {@code to} has ended (nothing is reported, as in Erlang).
     *
     * @param to the receiver
     * @param message an immutable value, not null
     */
    void send(Pid to, Object message);

    /**
     * Sends a message to a registered name.
     *
     * @param name the receiver's registered name
     * @param message an immutable value, not null
     * @throws NotRegisteredException at once if no process holds the name
     */
    void send(String name, Object message);

    /** {@return blocks until a message arrives and takes the oldest one} */
    Object receive();

    /**
     * Blocks until a message arrives or the timeout passes; {@link Duration#ZERO} polls.
     *
     * @param timeout non-negative
     * @return the oldest message, or empty on timeout
     */
    Optional<Object> receive(Duration timeout);

    /**
     * Selective receive: takes the oldest message the matcher accepts, blocking until one arrives;
     * messages it skips stay queued in their order.
     *
     * @param matcher the pattern
     * @param <R> what a match yields
     * @return the matcher's value for the message taken
     */
    <R> R receive(Matcher<R> matcher);

    /**
     * Selective receive with a timeout; {@link Duration#ZERO} polls.
     *
     * @param matcher the pattern
     * @param timeout non-negative
     * @param <R> what a match yields
     * @return the matcher's value, or empty if no message matched in time
     */
    <R> Optional<R> receive(Matcher<R> matcher, Duration timeout);

    /**
     * Selective receive with an absolute deadline on {@link #monotonicTime()}.
     *
     * @param matcher the pattern
     * @param deadlineNanos when to give up; a deadline in the past polls
     * @param <R> what a match yields
     * @return the matcher's value, or empty if no message matched before the deadline
     */
    <R> Optional<R> receiveUntil(Matcher<R> matcher, long deadlineNanos);

    // ---- processes ------------------------------------------------------------------------------

    /**
     * Spawns a direct-style process.
     *
     * @param body the process's code
     * @return the new process
     */
    Pid spawn(ProcessBody body);

    /**
     * Spawns a direct-style process with options.
     *
     * @param body the process's code
     * @param options name, mailbox limit
     * @return the new process
     */
    Pid spawn(ProcessBody body, SpawnOptions options);

    /**
     * Spawns an activation-driven process.
     *
     * @param handler called once per message
     * @return the new process
     */
    Pid spawn(MessageHandler handler);

    /**
     * Spawns an activation-driven process with options.
     *
     * @param handler called once per message
     * @param options name, mailbox limit, executor
     * @return the new process
     */
    Pid spawn(MessageHandler handler, SpawnOptions options);

    /**
     * Spawns a process linked to this one; the link exists before the new process runs.
     *
     * @param body the process's code
     * @return the new process
     */
    Pid spawnLink(ProcessBody body);

    /**
     * Spawns an activation-driven process linked to this one.
     *
     * @param handler called once per message
     * @return the new process
     */
    Pid spawnLink(MessageHandler handler);

    /**
     * Spawns a linked process with options.
     *
     * @param body the process's code
     * @param options name, mailbox limit
     * @return the new process
     */
    Pid spawnLink(ProcessBody body, SpawnOptions options);

    /**
     * Spawns a linked activation-driven process with options.
     *
     * @param handler called once per message
     * @param options name, mailbox limit, executor
     * @return the new process
     */
    Pid spawnLink(MessageHandler handler, SpawnOptions options);

    /**
     * Spawns a process monitored by this one; the monitor exists before the new process runs.
     *
     * @param body the process's code
     * @return the new process and the monitor's reference
     */
    Spawned spawnMonitor(ProcessBody body);

    /**
     * Spawns an activation-driven process with options, monitored (and, if asked, linked) before it
     * runs: OTP's {@code spawn_opt} with {@code monitor} (and {@code link}).
     *
     * @param handler called once per message
     * @param options name, mailbox limit, executor
     * @param link also link it to this process
     * @return the new process and the monitor's reference
     */
    Spawned spawnMonitor(MessageHandler handler, SpawnOptions options, boolean link);

    /**
     * Spawns a direct-style process with options, monitored (and, if asked, linked) before it runs.
     *
     * @param body the process's code
     * @param options name, mailbox limit
     * @param link also link it to this process
     * @return the new process and the monitor's reference
     */
    Spawned spawnMonitor(ProcessBody body, SpawnOptions options, boolean link);

    /**
     * Spawns an activation-driven process monitored by this one.
     *
     * @param handler called once per message
     * @return the new process and the monitor's reference
     */
    Spawned spawnMonitor(MessageHandler handler);

    // ---- links, exits, monitors -----------------------------------------------------------------

    /**
     * Links this process to {@code other}; a no-op if they are already linked or {@code other} is this
     * process. If {@code other} does not exist, a process that traps exits receives {@code Exit(other,
     * noproc)}; one that does not fails with {@code ExitException(noproc)}.
     *
     * @param other the process to link to
     */
    void link(Pid other);

    /**
     * Removes the link to {@code other}, if any. Exit signals from that link are dropped from now on; an
     * {@link Exit} message already queued stays.
     *
     * @param other the linked process
     */
    void unlink(Pid other);

    /**
     * Sets whether exit signals arrive as {@link Exit} messages; applies to signals received after the
     * call.
     *
     * @param trap the new flag
     * @return the previous flag
     */
    boolean trapExit(boolean trap);

    /** {@return whether this process traps exits} */
    boolean trapsExit();

    /**
     * Ends this process with {@code reason}: throws {@link ExitException}, which may be caught (as
     * Erlang's {@code exit/1}).
     *
     * @param reason the exit reason
     * @return never returns; declared so that callers may write {@code throw self.exit(reason)}
     */
    ExitException exit(ExitReason reason);

    /**
     * Sends an exit signal to {@code pid}: {@code kill} kills it with reason {@code killed}; a trapping
     * receiver gets an {@link Exit} message; otherwise {@code normal} is ignored (unless {@code pid} is
     * this process) and any other reason ends the receiver with that reason.
     *
     * @param pid the receiver
     * @param reason the reason
     */
    void exit(Pid pid, ExitReason reason);

    /**
     * Monitors {@code pid}: when it ends (or at once, if it does not exist) this process receives a
     * {@link Down} carrying the returned reference. Each call sets an independent monitor.
     *
     * @param pid the process to watch
     * @return the monitor's reference
     */
    Ref monitor(Pid pid);

    /**
     * Monitors the process registered as {@code name}; the {@link Down} reports the name. An
     * unregistered name gives a {@code noproc} {@link Down} at once.
     *
     * @param name a registered name
     * @return the monitor's reference
     */
    Ref monitor(String name);

    /**
     * Removes a monitor. A {@link Down} already queued stays unless {@code flush} is set.
     *
     * @param monitor the monitor's reference
     * @param flush also remove a queued {@link Down} for this monitor
     * @return true if the monitor was still active
     */
    boolean demonitor(Ref monitor, boolean flush);

    // ---- names ----------------------------------------------------------------------------------

    /**
     * Registers this process under {@code name}.
     *
     * @param name the name
     * @throws AlreadyRegisteredException if the name is taken or this process already has a name
     */
    void register(String name);

    /**
     * Removes a registration, whoever holds it.
     *
     * @param name the name
     * @return true if the name was registered
     */
    boolean unregister(String name);

    /**
     * Looks a name up.
     *
     * @param name the name
     * @return the holder, if any
     */
    Optional<Pid> whereis(String name);

    // ---- timers and time ------------------------------------------------------------------------

    /** {@return the node's monotonic clock, in nanoseconds (virtual time under the testkit)} */
    long monotonicTime();

    /**
     * Sends {@code message} to {@code to} after {@code delay}.
     *
     * @param to the receiver; the timer is void if it has ended by then
     * @param message the message
     * @param delay non-negative delay
     * @return the timer
     */
    TimerRef sendAfter(Pid to, Object message, Duration delay);

    /**
     * Sends {@code message} to {@code to} at an absolute deadline on {@link #monotonicTime()}.
     *
     * @param to the receiver
     * @param message the message
     * @param deadlineNanos when to send it
     * @return the timer
     */
    TimerRef sendAt(Pid to, Object message, long deadlineNanos);

    /**
     * Delivers {@code Timeout(timer, message)} to {@code to} after {@code delay}.
     *
     * @param to the receiver
     * @param message carried in the {@link Timeout}
     * @param delay non-negative delay
     * @return the timer
     */
    TimerRef startTimer(Pid to, Object message, Duration delay);

    /**
     * Delivers {@code Timeout(timer, message)} to {@code to} at an absolute deadline.
     *
     * @param to the receiver
     * @param message carried in the {@link Timeout}
     * @param deadlineNanos when to deliver it
     * @return the timer
     */
    TimerRef startTimerAt(Pid to, Object message, long deadlineNanos);

    /**
     * Cancels a raw timer.
     *
     * @param timer the timer
     * @return the time that was left, or empty if it had already fired or been cancelled (its message
     *     may already be queued, as in Erlang)
     */
    Optional<Duration> cancelTimer(TimerRef timer);

    /**
     * Reads a raw timer.
     *
     * @param timer the timer
     * @return the time left, or empty if it has fired or been cancelled
     */
    Optional<Duration> readTimer(TimerRef timer);

    /** {@return this process's keyed timers, whose cancelled or replaced messages are never received} */
    KeyedTimers timers();

    /** {@return a new unique reference} */
    Ref makeRef();

    /**
     * Creates an active alias of this process: an address whose messages arrive only until {@link
     * #unalias}.
     *
     * @return the alias; give it to the process that should answer
     */
    Alias alias();

    /**
     * Deactivates an alias of this process: messages sent to it from now on, or still on their way, are
     * dropped.
     *
     * @param alias an alias of this process
     * @return true if it was active
     * @throws IllegalArgumentException if the alias belongs to another process
     */
    boolean unalias(Alias alias);

    /**
     * Sends a message to an alias; it is received only if the alias is still active when it arrives,
     * and dropped silently otherwise (as a send to a dead process is).
     *
     * @param to the alias
     * @param message an immutable value, not null
     */
    void send(Alias to, Object message);
}
