package org.otp4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.otp4j.Alias;
import org.otp4j.ExitException;
import org.otp4j.ExitReason;
import org.otp4j.KeyedTimers;
import org.otp4j.Matcher;
import org.otp4j.MessageHandler;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessBody;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.Spawned;
import org.otp4j.TimerRef;
import org.otp4j.internal.gen.Gen;
import org.otp4j.internal.gen.MachineProcess;
import org.otp4j.internal.gen.ServerProcess;
import org.otp4j.internal.sched.ControlledScheduler;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.statem.StateMachine;
import org.otp4j.sys.Sys;

/**
 * Drives one {@link GenServer} or {@link StateMachine} by hand, without a scheduler (Pekko's
 * BehaviorTestKit, with timers): feed it calls, casts and messages, move its virtual time, and look at
 * what it did as recorded {@link Effect}s (replies, sends, timers set and cancelled, spawns, links,
 * monitors, the stop).
 *
 * {@snippet :
 * try (BehaviourHarness h = BehaviourHarness.ofServer(new Counter())) {
 *     assertEquals(Optional.of(0), h.call("get"));
 *     h.cast("inc");
 *     h.advance(Duration.ofMinutes(1));            // the idle timeout fires: handleInfo(TIMEOUT)
 *     assertTrue(h.stopped().isPresent());
 * }
 * }
 *
 * <p>Everything runs on the calling thread, one callback at a time, in the order the test asks. The
 * behaviour's own code is the real loop (the same transition order, timeouts as keyed timers). What it
 * cannot do here: block in a receive (a {@code call} from inside a callback) or start raw timers; both
 * fail with {@link UnsupportedOperationException}. Pids of the behaviour, its callers and what it spawns
 * are real pids of a node that never runs.
 */
public final class BehaviourHarness implements AutoCloseable {

    /** Something the behaviour did. */
    public sealed interface Effect {}

    /**
     * A message sent to a process.
     *
     * @param to the receiver
     * @param message the message
     */
    public record Sent(Pid to, Object message) implements Effect {}

    /**
     * A message sent to a registered name.
     *
     * @param name the name
     * @param message the message
     */
    public record SentToName(String name, Object message) implements Effect {}

    /**
     * A reply to a call.
     *
     * @param to the caller
     * @param value the reply
     */
    public record Replied(Pid to, Object value) implements Effect {}

    /**
     * A keyed timer (the behaviour's timeouts) started.
     *
     * @param key the timer's key
     * @param message what it will deliver
     * @param delay how long from now
     */
    public record TimerStarted(Object key, Object message, Duration delay) implements Effect {}

    /**
     * A keyed timer cancelled while running.
     *
     * @param key the timer's key
     */
    public record TimerCancelled(Object key) implements Effect {}

    /**
     * A process spawned.
     *
     * @param pid the new process (it never runs)
     * @param linked whether it was linked
     */
    public record SpawnedProcess(Pid pid, boolean linked) implements Effect {}

    /**
     * A link set or removed.
     *
     * @param other the other process
     * @param linked true for link, false for unlink
     */
    public record Linked(Pid other, boolean linked) implements Effect {}

    /**
     * A monitor set.
     *
     * @param target the monitored pid or name
     */
    public record Monitored(Object target) implements Effect {}

    /**
     * An exit signal sent.
     *
     * @param to the receiver
     * @param reason the reason
     */
    public record ExitSent(Pid to, ExitReason reason) implements Effect {}

    /**
     * The behaviour stopped.
     *
     * @param reason its exit reason
     */
    public record Stopped(ExitReason reason) implements Effect {}

    private final ControlledScheduler scheduler = new ControlledScheduler(0);
    private final Node node = Node.builder()
            .name("harness")
            .scheduler(scheduler)
            .clock(scheduler.clock())
            .build();
    private final Pid parent = placeholder();
    private final Pid self = placeholder();
    private final Pid caller = placeholder();
    private final MessageHandler handler;
    private final Recorder context = new Recorder();
    private final List<Effect> effects = new ArrayList<>();
    private final TreeMap<Long, Object[]> timers = new TreeMap<>(); // deadline (unique) -> {key, message}
    private long now;
    private ExitReason stopped;

    private BehaviourHarness(java.util.function.Function<BehaviourHarness, MessageHandler> make) {
        this.handler = make.apply(this); // after the fields: the loop needs the parent's pid
        run(() -> handler.started(context));
        effects.removeIf(e -> e instanceof Sent s && s.to().equals(parent) && s.message() instanceof Gen.Ack);
    }

    private Pid placeholder() {
        return node.spawn((ProcessBody) p -> p.receive(m -> null)); // never runs: the node is not driven
    }

    /**
     * Starts {@code server}: its init runs now.
     *
     * @param server the server
     * @return the harness
     */
    public static BehaviourHarness ofServer(GenServer<?> server) {
        Objects.requireNonNull(server, "server");
        return new BehaviourHarness(h -> new ServerProcess<>(server, h.parent, h.node.makeRef()));
    }

    /**
     * Starts {@code machine}: its init (and initial enter call) runs now.
     *
     * @param machine the state machine
     * @return the harness
     */
    public static BehaviourHarness ofMachine(StateMachine<?, ?> machine) {
        Objects.requireNonNull(machine, "machine");
        return new BehaviourHarness(h -> new MachineProcess<>(machine, h.parent, h.node.makeRef()));
    }

    private interface Step {
        void run() throws Exception;
    }

    private void run(Step step) {
        if (stopped != null) {
            throw new IllegalStateException("the behaviour has stopped (" + stopped + ")");
        }
        try {
            step.run();
        } catch (ExitException e) {
            stopped = e.reason();
            effects.add(new Stopped(stopped));
        } catch (Exception e) {
            stopped = ExitReason.exception(e);
            effects.add(new Stopped(stopped));
        }
    }

    // ---- driving --------------------------------------------------------------------------------

    /** {@return the behaviour's pid} */
    public Pid self() {
        return self;
    }

    /**
     * Calls the behaviour.
     *
     * @param request the request
     * @return the reply it sent while handling the call, or empty (it may reply later; see {@link
     *     #effects()})
     */
    public Optional<Object> call(Object request) {
        Alias alias = new Alias(caller, node.makeRef());
        int before = effects.size();
        run(() -> handler.handle(context, new Gen.CallMessage(new From(alias), request)));
        for (Effect e : effects.subList(before, effects.size())) {
            if (e instanceof Replied r && r.to().equals(caller)) {
                return Optional.of(r.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Casts to the behaviour.
     *
     * @param request the request
     */
    public void cast(Object request) {
        run(() -> handler.handle(context, new Gen.CastMessage(request)));
    }

    /**
     * Sends the behaviour a plain message (an info event).
     *
     * @param message the message
     */
    public void send(Object message) {
        run(() -> handler.handle(context, message));
    }

    /**
     * Moves virtual time forward; the timers due meanwhile fire in order, each as a message.
     *
     * @param duration non-negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance needs a non-negative duration, got " + duration);
        }
        long until = now + duration.toNanos();
        while (!timers.isEmpty() && timers.firstKey() <= until && stopped == null) {
            var next = timers.pollFirstEntry();
            now = Math.max(now, next.getKey());
            Object message = next.getValue()[1];
            run(() -> handler.handle(context, message));
        }
        now = until;
    }

    /** {@return the behaviour's state, as sys reports it ({@link Sys.StateAndData} for a machine)} */
    public Object state() {
        return call(new Sys.GetState()).orElseThrow();
    }

    /** {@return what the behaviour did, oldest first} */
    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** {@return what the behaviour did since the last drain, and forgets it} */
    public List<Effect> drainEffects() {
        List<Effect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    /** {@return the exit reason, once the behaviour has stopped} */
    public Optional<ExitReason> stopped() {
        return Optional.ofNullable(stopped);
    }

    /** {@return the keys of the timers now running} */
    public List<Object> activeTimers() {
        return timers.values().stream().map(v -> v[0]).toList();
    }

    @Override
    public void close() {
        node.close();
    }

    // ---- the recording context ------------------------------------------------------------------

    private final class Recorder implements ProcessContext, KeyedTimers {
        private boolean trapExit;

        private UnsupportedOperationException blocked(String what) {
            return new UnsupportedOperationException(what + " is not available under the BehaviourHarness: the"
                    + " behaviour runs by hand, without a scheduler (use the Explorer to test it with others)");
        }

        @Override
        public Pid self() {
            return self;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public void send(Pid to, Object message) {
            effects.add(new Sent(Objects.requireNonNull(to, "pid"), Objects.requireNonNull(message, "message")));
        }

        @Override
        public void send(String name, Object message) {
            effects.add(new SentToName(name, message));
        }

        @Override
        public void send(Alias to, Object message) {
            if (message instanceof Gen.ReplyMessage r) {
                effects.add(new Replied(to.pid(), r.value()));
            } else {
                effects.add(new Sent(to.pid(), message));
            }
        }

        @Override
        public Object receive() {
            throw blocked("receive");
        }

        @Override
        public Optional<Object> receive(Duration timeout) {
            throw blocked("receive");
        }

        @Override
        public <R> R receive(Matcher<R> matcher) {
            throw blocked("receive");
        }

        @Override
        public <R> Optional<R> receive(Matcher<R> matcher, Duration timeout) {
            throw blocked("receive");
        }

        @Override
        public <R> Optional<R> receiveUntil(Matcher<R> matcher, long deadlineNanos) {
            throw blocked("receive");
        }

        private Pid spawned(boolean linked) {
            Pid pid = placeholder();
            effects.add(new SpawnedProcess(pid, linked));
            return pid;
        }

        @Override
        public Pid spawn(ProcessBody body) {
            return spawned(false);
        }

        @Override
        public Pid spawn(ProcessBody body, SpawnOptions options) {
            return spawned(false);
        }

        @Override
        public Pid spawn(MessageHandler h) {
            return spawned(false);
        }

        @Override
        public Pid spawn(MessageHandler h, SpawnOptions options) {
            return spawned(false);
        }

        @Override
        public Pid spawnLink(ProcessBody body) {
            return spawned(true);
        }

        @Override
        public Pid spawnLink(MessageHandler h) {
            return spawned(true);
        }

        @Override
        public Pid spawnLink(ProcessBody body, SpawnOptions options) {
            return spawned(true);
        }

        @Override
        public Pid spawnLink(MessageHandler h, SpawnOptions options) {
            return spawned(true);
        }

        @Override
        public Spawned spawnMonitor(MessageHandler h, SpawnOptions options, boolean link) {
            return new Spawned(spawned(link), monitor(self));
        }

        @Override
        public Spawned spawnMonitor(ProcessBody body, SpawnOptions options, boolean link) {
            return new Spawned(spawned(link), monitor(self));
        }

        @Override
        public Spawned spawnMonitor(ProcessBody body) {
            return new Spawned(spawned(false), monitor(self));
        }

        @Override
        public Spawned spawnMonitor(MessageHandler h) {
            return new Spawned(spawned(false), monitor(self));
        }

        @Override
        public void link(Pid other) {
            effects.add(new Linked(other, true));
        }

        @Override
        public void unlink(Pid other) {
            effects.add(new Linked(other, false));
        }

        @Override
        public boolean trapExit(boolean trap) {
            boolean old = trapExit;
            trapExit = trap;
            return old;
        }

        @Override
        public boolean trapsExit() {
            return trapExit;
        }

        @Override
        public ExitException exit(ExitReason reason) {
            throw new ExitException(reason);
        }

        @Override
        public void exit(Pid pid, ExitReason reason) {
            effects.add(new ExitSent(pid, reason));
        }

        @Override
        public Ref monitor(Pid pid) {
            effects.add(new Monitored(pid));
            return node.makeRef();
        }

        @Override
        public Ref monitor(String name) {
            effects.add(new Monitored(name));
            return node.makeRef();
        }

        @Override
        public boolean demonitor(Ref monitor, boolean flush) {
            return true;
        }

        @Override
        public void register(String name) {}

        @Override
        public boolean unregister(String name) {
            return false;
        }

        @Override
        public Optional<Pid> whereis(String name) {
            return Optional.empty();
        }

        @Override
        public long monotonicTime() {
            return now;
        }

        @Override
        public TimerRef sendAfter(Pid to, Object message, Duration delay) {
            throw blocked("a raw timer (sendAfter)");
        }

        @Override
        public TimerRef sendAt(Pid to, Object message, long deadlineNanos) {
            throw blocked("a raw timer (sendAt)");
        }

        @Override
        public TimerRef startTimer(Pid to, Object message, Duration delay) {
            throw blocked("a raw timer (startTimer)");
        }

        @Override
        public TimerRef startTimerAt(Pid to, Object message, long deadlineNanos) {
            throw blocked("a raw timer (startTimerAt)");
        }

        @Override
        public Optional<Duration> cancelTimer(TimerRef timer) {
            throw blocked("a raw timer (cancelTimer)");
        }

        @Override
        public Optional<Duration> readTimer(TimerRef timer) {
            throw blocked("a raw timer (readTimer)");
        }

        @Override
        public KeyedTimers timers() {
            return this;
        }

        @Override
        public Ref makeRef() {
            return node.makeRef();
        }

        @Override
        public Alias alias() {
            return new Alias(self, node.makeRef());
        }

        @Override
        public boolean unalias(Alias alias) {
            return true;
        }

        // ---- keyed timers: the behaviours' timeouts ---------------------------------------------

        @Override
        public void startSingleTimer(Object key, Object message, Duration delay) {
            startSingleTimerAt(key, message, now + delay.toNanos());
        }

        @Override
        public void startSingleTimerAt(Object key, Object message, long deadlineNanos) {
            removeTimer(key);
            long deadline = Math.max(deadlineNanos, now);
            while (timers.containsKey(deadline)) {
                deadline++; // equal deadlines fire in start order
            }
            timers.put(deadline, new Object[] {key, message});
            effects.add(new TimerStarted(key, message, Duration.ofNanos(Math.max(0, deadlineNanos - now))));
        }

        @Override
        public boolean cancel(Object key) {
            boolean was = removeTimer(key);
            if (was) {
                effects.add(new TimerCancelled(key));
            }
            return was;
        }

        private boolean removeTimer(Object key) {
            return timers.values().removeIf(v -> v[0].equals(key));
        }

        @Override
        public boolean isActive(Object key) {
            return timers.values().stream().anyMatch(v -> v[0].equals(key));
        }

        @Override
        public void cancelAll() {
            timers.clear();
        }
    }
}
