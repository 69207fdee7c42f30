package org.otp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.otp4j.Down;
import org.otp4j.ExitReason;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.SpawnOptions;
import org.otp4j.Spawned;
import org.otp4j.registry.Registry;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.CallTimeoutException;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Result;
import org.otp4j.supervisor.Backoff;
import org.otp4j.supervisor.ChildCounts;
import org.otp4j.supervisor.ChildInfo;
import org.otp4j.supervisor.ChildSpec;
import org.otp4j.supervisor.ChildType;
import org.otp4j.supervisor.Flags;
import org.otp4j.supervisor.Restart;
import org.otp4j.supervisor.Supervisor;
import org.otp4j.supervisor.SupervisorException;

/**
 * Issue 5: a three-level supervision tree whose every process is named in a unique-key registry, under a
 * crash storm, explored over many schedules (SV3, SV4, SV5, R2, R3, R5, S5).
 *
 * <pre>
 * root (one_for_one, via "root")
 * ├── a (one_for_all, via "a"):   a1 permanent, a2 transient, a3 permanent
 * └── b (rest_for_one, via "b"):  b1 permanent, b2 transient, b3 permanent, b4 transient
 * </pre>
 *
 * <p>Each storm step runs one to three concurrent actions (kill, crash, normal stop, shutdown exit of a
 * worker, kill of a mid supervisor, restartChild of a stopped transient, a client calling a worker by its
 * via-name) whose interleaving the testkit chooses; the actions themselves come from a random generator
 * seeded with the schedule's seed, so a replay line reproduces them. After each step the node is run
 * until idle (every signal delivered, every restart and retried restart done) and the whole tree is
 * checked at that quiescent point: the names the registry holds are exactly those of the running
 * children at every level, each mapping to that child's pid; the registry count matches; a registry
 * listener's replica, built from the Registered and Unregistered events alone, agrees; the only live
 * processes are the tree's (no orphan survived its supervisor); every running worker answers a call by
 * its via-name with its own pid.
 *
 * <p>Between quiescent points the listener (the auditor) also checks R3/R5 as they happen: it monitors
 * every process that registers, and when that process's DOWN arrives, the process's Unregistered must
 * have arrived before it (both come from the dying process, S1) and the registry must no longer hold its
 * entry. The storm step checks the same for every process it ends, on that process's DOWN.
 *
 * <p>Checked against a broken engine: with the exit hooks switched off (no removal), every test fails
 * in its first storm step ("R3: at the DOWN of P11 (killed) the registry still holds b2 for it"); with
 * the hooks run after the exit and down signals went out (late removal), the auditor fails them ("DOWN
 * of P11 (b2, killed) arrived before its Unregistered (R5)").
 */
class SupervisionTreeStormTest {
    /** Supervisors log every crash and restart; the storm makes thousands. */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.otp4j.supervisor"),
            Logger.getLogger("org.otp4j.server"),
            Logger.getLogger("org.otp4j.process"));

    private static final List<Level> previous = new ArrayList<>();

    @BeforeAll
    static void quiet() {
        for (Logger l : QUIET) {
            previous.add(l.getLevel());
            l.setLevel(Level.OFF);
        }
    }

    @AfterAll
    static void restore() {
        for (int i = 0; i < QUIET.size(); i++) {
            QUIET.get(i).setLevel(previous.get(i));
        }
    }

    // ---- the tree ----------------------------------------------------------------------------------

    /** Each supervisor's children, in start order, with their restart types. */
    private static final Map<String, Map<String, Restart>> TREE = tree();

    private static Map<String, Map<String, Restart>> tree() {
        Map<String, Map<String, Restart>> t = new LinkedHashMap<>();
        t.put("root", ordered("a", Restart.PERMANENT, "b", Restart.PERMANENT));
        t.put("a", ordered("a1", Restart.PERMANENT, "a2", Restart.TRANSIENT, "a3", Restart.PERMANENT));
        t.put(
                "b",
                ordered(
                        "b1", Restart.PERMANENT,
                        "b2", Restart.TRANSIENT,
                        "b3", Restart.PERMANENT,
                        "b4", Restart.TRANSIENT));
        return t;
    }

    private static Map<String, Restart> ordered(Object... kv) {
        Map<String, Restart> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Restart) kv[i + 1]);
        }
        return m;
    }

    /** The flags of the three supervisors, and the restart type of the mid supervisors under the root. */
    record Shape(Flags root, Flags a, Flags b, Restart midB) {}

    /**
     * High intensities: the storm never escalates. The root restarts a killed mid supervisor after a short
     * backoff: until the kill reaches the mid's workers through their links they hold their names, so an
     * immediate restart of the mid fails and is retried at once, and PCT may starve the orphans' exits
     * behind that retry loop. Virtual time moves only when nothing else can run, so after the backoff the
     * orphans are gone. {@link #killedMidSupervisorRacesItsOrphansForTheirNames} explores the race itself.
     */
    private static final Shape CALM = new Shape(
            Flags.oneForOne()
                    .withIntensity(10_000, Duration.ofSeconds(5))
                    .withBackoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(10), 0.2)),
            Flags.oneForAll().withIntensity(10_000, Duration.ofSeconds(5)),
            Flags.restForOne().withIntensity(10_000, Duration.ofSeconds(5)),
            Restart.PERMANENT);

    /**
     * The mid supervisors give up after two restarts (virtual time does not move, so all restarts fall
     * in one period); b is transient, so its escalation (exit shutdown) leaves the root alone; a is
     * permanent and the root allows no restart, so a's escalation ends the root too.
     */
    private static final Shape BRITTLE = new Shape(
            Flags.oneForOne().withIntensity(0, Duration.ofSeconds(5)),
            Flags.oneForAll().withIntensity(2, Duration.ofSeconds(5)),
            Flags.restForOne().withIntensity(2, Duration.ofSeconds(5)),
            Restart.TRANSIENT);

    /** A worker: answers any call with its own pid; the cast "crash" throws, any other cast stops it normally. */
    record Worker(String key) implements GenServer<String> {
        @Override
        public InitResult<String> init(ProcessContext self) {
            return InitResult.ok(key);
        }

        @Override
        public CallResult<String> handleCall(ProcessContext self, Object request, From from, String state) {
            return CallResult.reply(self.self(), state);
        }

        @Override
        public Result<String> handleCast(ProcessContext self, Object request, String state) {
            if (request.equals("crash")) {
                throw new IllegalStateException("storm: crash of " + key);
            }
            return Result.stop(ExitReason.normal(), state);
        }
    }

    private static ChildSpec worker(Registry reg, String key, Restart restart) {
        return ChildSpec.server(
                        key, () -> new Worker(key), SpawnOptions.defaults().name(reg.via(key)))
                .restart(restart);
    }

    private static ChildSpec mid(Registry reg, String key, Flags flags, Restart restart) {
        List<ChildSpec> kids = new ArrayList<>();
        TREE.get(key).forEach((k, r) -> kids.add(worker(reg, k, r)));
        List<ChildSpec> children = List.copyOf(kids);
        return ChildSpec.supervisor(
                        key,
                        self -> Supervisor.startLink(
                                self, flags, children, SpawnOptions.defaults().name(reg.via(key))))
                .restart(restart);
    }

    private static Pid startTree(ProcessContext self, Registry reg, Shape shape) {
        List<ChildSpec> mids =
                List.of(mid(reg, "a", shape.a(), Restart.PERMANENT), mid(reg, "b", shape.b(), shape.midB()));
        // not linked: the tree outlives the process that starts it
        return Supervisor.start(
                        self, shape.root(), mids, SpawnOptions.defaults().name(reg.via("root")))
                .pid();
    }

    // ---- the auditor: the registry's listener -----------------------------------------------------

    /** What the auditor has seen. */
    record Seen(Map<Pid, String> live, List<String> violations, Set<String> ever) {}

    /**
     * The registry's listener. It keeps a replica of the registry from the events alone, monitors every
     * registrant, and checks R3/R5 when a registrant's DOWN arrives. With {@code liveness}, it keeps it hot
     * while some permanent name has no live entry (a restart is owed).
     */
    static final class Auditor implements GenServer<Auditor> {
        private final Liveness owed;
        private final Set<String> permanent;
        private final Map<Pid, String> live = new LinkedHashMap<>(); // one via-name per process here
        private final Map<Pid, String> keyOf = new LinkedHashMap<>();
        private final List<String> violations = new ArrayList<>();
        private final Set<String> ever = new TreeSet<>();
        private Registry registry;
        private boolean tracking = true;

        Auditor(Liveness owed, Set<String> permanent) {
            this.owed = owed;
            this.permanent = permanent;
            if (owed != null) {
                owed.hot("the tree has not started");
            }
        }

        @Override
        public InitResult<Auditor> init(ProcessContext self) {
            return InitResult.ok(this);
        }

        @Override
        public CallResult<Auditor> handleCall(ProcessContext self, Object request, From from, Auditor state) {
            if (request.equals("release")) { // the tree is about to be stopped on purpose
                if (owed != null) {
                    owed.cold();
                }
                tracking = false;
                return CallResult.reply("ok", this);
            }
            return CallResult.reply(
                    new Seen(
                            // ordered copies: the trace prints messages, and must not depend on hash salts
                            Collections.unmodifiableMap(new LinkedHashMap<>(live)),
                            List.copyOf(violations),
                            Collections.unmodifiableSet(new TreeSet<>(ever))),
                    this);
        }

        @Override
        public Result<Auditor> handleInfo(ProcessContext self, Object message, Auditor state) {
            switch (message) {
                case Registry.Registered r -> {
                    registry = r.registry();
                    Pid p = r.pid();
                    String key = (String) r.key();
                    if (live.containsKey(p)) {
                        violations.add("Registered " + key + " for " + p + ", which already holds " + live.get(p));
                    }
                    live.put(p, key);
                    keyOf.put(p, key);
                    ever.add(key + "=" + p);
                    self.monitor(p);
                }
                case Registry.Unregistered u -> {
                    if (!live.remove(u.pid(), u.key())) {
                        violations.add("Unregistered " + u.key() + " for " + u.pid() + " without a Registered");
                    }
                }
                case Down d -> {
                    Pid p = (Pid) d.monitored();
                    String key = keyOf.remove(p);
                    // S1: the Unregistered left the dying process before its DOWN. (A noproc DOWN is made by
                    // the monitor's own end when the process was gone already: no order with its events.)
                    if (!d.reason().equals(ExitReason.noproc()) && live.containsKey(p)) {
                        violations.add("DOWN of " + p + " (" + key + ", " + d.reason()
                                + ") arrived before its Unregistered (R5)");
                    }
                    // R3: the entry went before the DOWN went out
                    if (!registry.keys(p).isEmpty() || registry.whereis(key).equals(Optional.of(p))) {
                        violations.add("at the DOWN of " + p + " (" + d.reason() + ") the registry still holds " + key
                                + " for it (R3)");
                    }
                }
                default -> violations.add("unexpected message " + message);
            }
            if (owed != null && tracking) {
                Set<String> missing = new TreeSet<>(permanent);
                missing.removeAll(live.values());
                if (missing.isEmpty()) {
                    owed.cold();
                } else {
                    owed.hot("no live entry for permanent " + missing);
                }
            }
            return Result.noReply(this);
        }
    }

    // ---- the quiescent check ------------------------------------------------------------------------

    /**
     * The tree as a quiescent check found it.
     *
     * @param running every running process of the tree, by name (the root included)
     * @param stopped children with a spec but no process, by name, with their supervisor's name
     */
    record View(Map<String, Pid> running, Map<String, String> stopped) {}

    /** Everything a check needs. */
    record Ctx(Registry reg, Pid root, Pid auditor, Shape shape) {}

    /**
     * Checks the tree, the registry and the auditor against each other at a quiescent point.
     *
     * @param strict whether nothing may have escalated (every permanent child runs)
     * @param answered (name, pid) pairs that storm clients got as answers to calls by name
     */
    private static View check(ProcessContext self, Ctx ctx, boolean strict, List<String> answered) {
        Map<String, Pid> running = new TreeMap<>();
        Map<String, String> stopped = new TreeMap<>();
        if (self.node().isAlive(ctx.root())) {
            running.put("root", ctx.root());
            walk(self, ctx, "root", ctx.root(), running, stopped, strict);
        } else {
            assertFalse(strict, "the root ended, but nothing may escalate here");
        }

        // the registry holds exactly the running children's names, each for its child's pid
        Map<String, Pid> registered = new TreeMap<>();
        for (Registry.Registration r : ctx.reg().select(r -> true)) {
            assertEquals(null, registered.put((String) r.key(), r.pid()), "a key listed twice: " + r.key());
        }
        assertEquals(running, registered, "registry entries against the running children");
        assertEquals(running.size(), ctx.reg().count(), "the registry's count");
        for (Map.Entry<String, Pid> e : running.entrySet()) {
            assertEquals(Optional.of(e.getValue()), ctx.reg().whereis(e.getKey()), "whereis " + e.getKey());
            assertEquals(List.of(e.getKey()), ctx.reg().keys(e.getValue()), "the keys of " + e.getValue());
        }
        for (String key : stopped.keySet()) {
            assertEquals(Optional.empty(), ctx.reg().whereis(key), "the name of stopped child " + key);
        }

        // the listener's replica agrees, and nothing went wrong as it happened
        Seen seen = (Seen) GenServer.call(self, ctx.auditor(), "seen");
        assertEquals(List.of(), seen.violations(), "what the auditor saw as it happened");
        Map<String, Pid> replica = new TreeMap<>();
        seen.live().forEach((p, k) -> assertEquals(null, replica.put(k, p), "two live entries for " + k));
        assertEquals(running, replica, "the listener's replica against the running children");
        for (String a : answered) {
            assertTrue(
                    seen.ever().contains(a),
                    () -> "a call by name was answered by a process never registered" + " under that name: " + a);
        }

        // no orphan: the only live processes are the tree's, the auditor and this check
        Set<Pid> alive = new HashSet<>(self.node().processes());
        alive.remove(self.self());
        alive.remove(ctx.auditor());
        assertEquals(new HashSet<>(running.values()), alive, "live processes against the running tree");

        // calls by name reach exactly the running child
        for (Map.Entry<String, Pid> e : running.entrySet()) {
            if (!TREE.containsKey(e.getKey())) {
                assertEquals(e.getValue(), GenServer.call(self, ctx.reg().via(e.getKey()), "who"), e.getKey());
            }
        }
        return new View(running, stopped);
    }

    private static void walk(
            ProcessContext self,
            Ctx ctx,
            String name,
            Pid sup,
            Map<String, Pid> running,
            Map<String, String> stopped,
            boolean strict) {
        List<ChildInfo> children = Supervisor.whichChildren(self, sup);
        Map<String, Restart> specs = TREE.get(name);
        assertEquals(
                List.copyOf(specs.keySet()),
                children.stream().map(c -> (String) c.id()).toList(),
                "the children of " + name + " in start order");
        int active = 0;
        for (ChildInfo c : children) {
            String id = (String) c.id();
            assertEquals(TREE.containsKey(id) ? ChildType.SUPERVISOR : ChildType.WORKER, c.type(), id);
            switch (c.status()) {
                case ChildInfo.Running r -> {
                    active++;
                    assertTrue(self.node().isAlive(r.pid()), () -> id + " is reported running but is dead");
                    assertTrue(
                            self.node().info(r.pid()).orElseThrow().links().contains(sup),
                            () -> id + " is not linked to its supervisor " + name);
                    assertEquals(null, running.put(id, r.pid()));
                    if (TREE.containsKey(id)) {
                        walk(self, ctx, id, r.pid(), running, stopped, strict);
                    }
                }
                case ChildInfo.Restarting r -> fail(id + " still waits for a restart at a quiescent point");
                case ChildInfo.Undefined u -> {
                    if (strict) {
                        assertEquals(Restart.TRANSIENT, specs.get(id), () -> "a permanent child is not running: " + id);
                    }
                    stopped.put(id, name);
                }
            }
        }
        ChildCounts counts = Supervisor.countChildren(self, sup);
        long supervisors = specs.keySet().stream().filter(TREE::containsKey).count();
        assertEquals(
                new ChildCounts(specs.size(), active, (int) supervisors, specs.size() - (int) supervisors), counts);
    }

    // ---- the storm ----------------------------------------------------------------------------------

    enum Kind {
        KILL,
        CRASH,
        STOP,
        SHUTDOWN,
        KILL_MID,
        RESTART,
        CALL
    }

    /** One action: what, on which name, and the pid the name had at the last quiescent point. */
    record Action(Kind kind, String key, Pid pid, Pid parent) {}

    private static <T> T pick(SplittableRandom rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** One to three actions (and sometimes a client call) against the tree as {@code view} found it. */
    private static List<Action> plan(SplittableRandom rnd, View view, boolean midKills) {
        List<String> workers = view.running().keySet().stream()
                .filter(k -> !TREE.containsKey(k))
                .toList();
        List<String> mids = view.running().keySet().stream()
                .filter(k -> TREE.containsKey(k) && !k.equals("root"))
                .toList();
        List<String> stopped = List.copyOf(view.stopped().keySet().stream()
                .filter(k -> !TREE.containsKey(k))
                .toList());
        List<Action> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int w = rnd.nextInt(100);
            if (w < 12 && !stopped.isEmpty()) {
                String key = pick(rnd, stopped);
                String parent = view.stopped().get(key);
                out.add(new Action(Kind.RESTART, key, null, view.running().get(parent)));
            } else if (w >= 95 && midKills && !mids.isEmpty()) {
                // it may land while that supervisor shuts a child down for a restart (see
                // aSupervisorKilledMidShutdownLeavesNoOrphan)
                String key = pick(rnd, mids);
                out.add(new Action(Kind.KILL_MID, key, view.running().get(key), null));
            } else if (!workers.isEmpty()) {
                Kind kind = w < 45 ? Kind.KILL : w < 70 ? Kind.CRASH : w < 85 ? Kind.STOP : Kind.SHUTDOWN;
                String key = pick(rnd, workers);
                out.add(new Action(kind, key, view.running().get(key), null));
            }
        }
        if (rnd.nextBoolean()) {
            String key =
                    pick(rnd, List.copyOf(TREE.get(pick(rnd, List.of("a", "b"))).keySet()));
            out.add(new Action(Kind.CALL, key, null, null));
        }
        return out;
    }

    /**
     * Runs the actions concurrently; returns the (name, pid) answers of client calls. Every process an
     * action ends is monitored first, and when its DOWN arrives its name must already be free (R3).
     */
    private static List<String> storm(ProcessContext self, Registry reg, List<Action> actions) {
        Map<Ref, Action> victims = new LinkedHashMap<>();
        for (Action a : actions) {
            if (a.pid() != null) {
                victims.put(self.monitor(a.pid()), a);
            }
        }
        List<Spawned> running = new ArrayList<>();
        Pid me = self.self();
        for (Action a : actions) {
            running.add(self.spawnMonitor(p -> act(p, reg, a, me)));
        }
        for (Spawned s : running) {
            Down d = self.receive(m -> m instanceof Down x && x.ref().equals(s.monitor()) ? x : null);
            if (!d.reason().isNormal()) {
                fail("a storm action ended with " + d.reason());
            }
        }
        for (Map.Entry<Ref, Action> v : victims.entrySet()) {
            Down d = self.receive(m -> m instanceof Down x && x.ref().equals(v.getKey()) ? x : null);
            Action a = v.getValue();
            assertFalse(
                    reg.whereis(a.key()).equals(Optional.of(a.pid()))
                            || !reg.keys(a.pid()).isEmpty(),
                    () -> "R3: at the DOWN of " + a.pid() + " (" + d.reason() + ") the registry still holds " + a.key()
                            + " for it");
        }
        List<String> answered = new ArrayList<>();
        for (Action a : actions) {
            if (a.kind() == Kind.CALL) {
                self.receive(m -> m instanceof String s && s.startsWith(a.key() + "=") ? s : null, Duration.ZERO)
                        .ifPresent(answered::add);
            }
        }
        return answered;
    }

    private static void act(ProcessContext p, Registry reg, Action a, Pid storm) {
        switch (a.kind()) {
            case KILL, KILL_MID -> p.exit(a.pid(), ExitReason.kill());
            case SHUTDOWN -> p.exit(a.pid(), ExitReason.shutdown());
            case CRASH -> GenServer.cast(p, a.pid(), "crash");
            case STOP -> GenServer.cast(p, a.pid(), "stop");
            case RESTART -> {
                try {
                    Supervisor.restartChild(p, a.parent(), a.key());
                } catch (SupervisorException e) {
                    // a one_for_all or rest_for_one restart of the same step revived it first
                } catch (CallException e) {
                    // its supervisor was killed in the same step
                }
            }
            case CALL -> {
                try {
                    Object pid = GenServer.call(p, reg.via(a.key()), "who");
                    p.send(storm, a.key() + "=" + pid);
                } catch (CallTimeoutException e) {
                    throw e;
                } catch (CallException e) {
                    ExitReason r = e.reason();
                    boolean clean = r.equals(ExitReason.noproc())
                            || r.equals(ExitReason.killed())
                            || r.isQuiet()
                            || (r instanceof ExitReason.Failure f
                                    && String.valueOf(f.error().getMessage()).startsWith("storm: crash"));
                    assertTrue(clean, () -> "a call by name failed with " + r);
                }
            }
        }
    }

    private static Set<String> permanentNames() {
        Set<String> names = new TreeSet<>();
        names.add("root");
        TREE.values()
                .forEach(kids -> kids.forEach((k, r) -> {
                    if (r == Restart.PERMANENT) {
                        names.add(k);
                    }
                }));
        return names;
    }

    // ---- the tests ----------------------------------------------------------------------------------

    private static final int STEPS = 10;

    /**
     * The storm never escalates: after every step, the tree and the registry agree, every permanent child
     * runs, and a liveness property kept by the registry listener (no permanent name without a live
     * entry) is cold when the schedule ends.
     */
    @DeterministicTest(schedules = 200, seed = "57a9")
    void stormKeepsTheRegistryAndTheTreeConsistentAfterEveryRestart(TestNode node) {
        SplittableRandom rnd = new SplittableRandom(node.seed());
        Liveness owed = node.liveness("every permanent name has a live entry again");
        Ctx ctx = setUp(node, CALM, owed);
        View view = node.run(self -> check(self, ctx, true, List.of()));
        assertEquals(10, view.running().size(), "the whole tree runs");
        int restarts = 0;
        for (int step = 0; step < STEPS; step++) {
            List<Action> actions = plan(rnd, view, true);
            List<String> answered = node.run(self -> storm(self, ctx.reg(), actions));
            settle(node);
            View before = view;
            view = node.run(self -> check(self, ctx, true, answered));
            for (Map.Entry<String, Pid> e : view.running().entrySet()) {
                if (before.running().containsKey(e.getKey())
                        && !before.running().get(e.getKey()).equals(e.getValue())) {
                    restarts++;
                }
            }
        }
        assertTrue(restarts > 0, "the storm restarted something");
        // heal: restart the stopped transients; then everything runs
        View last = view;
        node.run(self -> {
            last.stopped()
                    .forEach((key, parent) ->
                            Supervisor.restartChild(self, last.running().get(parent), key));
            return null;
        });
        settle(node);
        View healed = node.run(self -> check(self, ctx, true, List.of()));
        assertEquals(10, healed.running().size(), "the whole tree runs again");
        assertEquals(Set.of(), healed.stopped().keySet());
        node.run(self -> GenServer.call(self, ctx.auditor(), "release"));
        stopTree(node, ctx);
    }

    /** Stops the root: its subtree stops newest first, and every name goes with it. */
    private static void stopTree(TestNode node, Ctx ctx) {
        node.run(self -> {
            Supervisor.stop(self, ctx.root());
            return null;
        });
        settle(node);
        View gone = node.run(self -> check(self, ctx, false, List.of()));
        assertEquals(Map.of(), gone.running(), "nothing runs after the root stopped");
        assertEquals(0, ctx.reg().count(), "the registry is empty after the root stopped");
    }

    /**
     * The storm escalates. First b gives up (transient under the root: only its subtree goes away, its
     * names with it, and a's part stays consistent); then a gives up, and the root, which allows no
     * restart, ends the whole tree: the registry is empty and no process of the tree is left.
     */
    @DeterministicTest(schedules = 100, seed = "e5ca")
    void escalationTakesTheSubtreeAwayWithItsNames(TestNode node) {
        SplittableRandom rnd = new SplittableRandom(node.seed());
        Ctx ctx = setUp(node, BRITTLE, null);
        View view = node.run(self -> check(self, ctx, false, List.of()));
        assertEquals(10, view.running().size());

        view = stormUntil(node, rnd, ctx, view, "b", v -> !v.running().containsKey("b"));
        assertEquals("root", view.stopped().get("b"), "b has a spec under the root but no process");
        assertTrue(view.running().containsKey("a"));
        Set<String> left = new TreeSet<>(view.running().keySet());
        left.remove("a2"); // a transient worker: stopped or not, as the storm left it
        assertEquals(Set.of("a", "a1", "a3", "root"), left, "only b's subtree went away");

        view = stormUntil(node, rnd, ctx, view, "a", v -> v.running().isEmpty());
        assertEquals(0, ctx.reg().count(), "the registry is empty");
        assertFalse(node.node().isAlive(ctx.root()));
        Seen seen = node.run(self -> (Seen) GenServer.call(self, ctx.auditor(), "seen"));
        assertEquals(Map.of(), seen.live(), "the listener saw every name go");
        for (String e : seen.ever()) {
            String pid = e.substring(e.indexOf('=') + 1);
            assertTrue(
                    node.node().processes().stream().noneMatch(p -> p.toString().equals(pid)), e);
        }
    }

    /**
     * As {@link #CALM}, but the root restarts at once, and gives up after 20 restarts: a restart that
     * finds a name still taken is retried at once, and PCT or POS may keep choosing that retry over the
     * orphan's exit, which a fair scheduler would run; the intensity turns such a starved schedule into
     * an escalation, which must leave the registry as clean as a successful restart leaves it consistent.
     */
    private static final Shape EAGER = new Shape(
            Flags.oneForOne().withIntensity(20, Duration.ofSeconds(5)), CALM.a(), CALM.b(), Restart.PERMANENT);

    /**
     * A mid supervisor is killed (sometimes both) and the root restarts it at once: the new mid may find a
     * name still held by a worker of the old one that the kill has not reached yet; the start fails and
     * the root retries. Afterwards either the tree runs whole and agrees with the registry, or the root
     * escalated (starved retries, see {@link #EAGER}) and nothing of the tree nor of its names is left. At
     * least one schedule must have hit the race.
     */
    @DeterministicTest(schedules = 100, seed = "0bad")
    void killedMidSupervisorRacesItsOrphansForTheirNames(TestNode node) {
        SplittableRandom rnd = new SplittableRandom(node.seed());
        Ctx ctx = setUp(node, EAGER, null);
        View view = node.run(self -> check(self, ctx, true, List.of()));
        Set<String> ran = new HashSet<>(); // mid supervisors that ran as children, as "key=pid"
        for (int step = 0; step < 3 && !view.running().isEmpty(); step++) {
            for (String mid : List.of("a", "b")) {
                ran.add(mid + "=" + view.running().get(mid));
            }
            View v = view;
            List<Action> actions = new ArrayList<>();
            for (String mid : List.of("a", "b")) {
                if (rnd.nextInt(3) > 0) {
                    actions.add(new Action(Kind.KILL_MID, mid, v.running().get(mid), null));
                }
            }
            if (actions.isEmpty()) {
                String mid = pick(rnd, List.of("a", "b"));
                actions.add(new Action(Kind.KILL_MID, mid, v.running().get(mid), null));
            }
            List<String> answered = node.run(self -> storm(self, ctx.reg(), actions));
            settle(node);
            view = node.run(self -> check(self, ctx, false, answered));
            if (!view.running().isEmpty()) {
                assertEquals(
                        permanentNames(),
                        view.running().keySet().stream()
                                .filter(permanentNames()::contains)
                                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                        "the root lives, so every permanent child runs");
                for (Action a : actions) {
                    assertFalse(a.pid().equals(view.running().get(a.key())), () -> a.key() + " was restarted");
                }
            }
        }
        for (String mid : List.of("a", "b")) {
            ran.add(mid + "=" + view.running().get(mid));
        }
        // a mid that registered its name but never ran as a child: its start found a name still taken
        Seen seen = node.run(self -> (Seen) GenServer.call(self, ctx.auditor(), "seen"));
        ORPHAN_SCHEDULES[0]++;
        if (view.running().isEmpty()) {
            ORPHAN_SCHEDULES[2]++;
        } else {
            stopTree(node, ctx);
        }
        if (seen.ever().stream().anyMatch(e -> (e.startsWith("a=") || e.startsWith("b=")) && !ran.contains(e))) {
            ORPHAN_SCHEDULES[1]++;
        }
    }

    /**
     * Orphan-race schedules run, those in which a restarted mid found a name still held, and those that
     * ended in the root's escalation.
     */
    private static final int[] ORPHAN_SCHEDULES = new int[3];

    @AfterAll
    static void theOrphanRaceWasExplored() {
        if (ORPHAN_SCHEDULES[0] > 0) {
            assertTrue(
                    ORPHAN_SCHEDULES[1] > 0,
                    "no schedule had a restarted mid supervisor find a name still held by an orphan");
            System.out.println("[storm] orphan race hit in " + ORPHAN_SCHEDULES[1] + " of " + ORPHAN_SCHEDULES[0]
                    + " schedules; the root escalated (starved retries) in " + ORPHAN_SCHEDULES[2]);
        }
    }

    /**
     * SV6 regression (found by the storm with base seed 457a9): a supervisor killed while it shuts a child
     * down for a restart must not leave that child running. The shutdown used to monitor and unlink the
     * child before it sent {@code shutdown} (as OTP's supervisor does), so a kill landing in between
     * orphaned the child, which kept its via-name and made every later restart of the subtree fail with
     * the name taken. The supervisor now sends the exit while the link holds. Before the fix this failed
     * at schedule 31 (POS, seed fee91f77b2ea5f74).
     */
    @DeterministicTest(schedules = 500, seed = "0f0a")
    void aSupervisorKilledMidShutdownLeavesNoOrphan(TestNode node) {
        Pid auditor = node.run(self -> GenServer.start(self, new Auditor(null, Set.of()), SpawnOptions.defaults())
                .pid());
        Registry reg = Registry.builder(Registry.Keys.UNIQUE)
                .name("orphan")
                .listener(auditor)
                .build(node.node());
        List<ChildSpec> kids = List.of(worker(reg, "w1", Restart.PERMANENT), worker(reg, "w2", Restart.PERMANENT));
        List<Pid> before = node.run(self -> {
            Pid sup = Supervisor.start(self, Flags.restForOne(), kids, SpawnOptions.defaults())
                    .pid();
            Pid w1 = reg.whereis("w1").orElseThrow();
            Pid w2 = reg.whereis("w2").orElseThrow();
            // w1 crashes, so the supervisor shuts w2 down to restart both; meanwhile someone kills it
            GenServer.cast(self, w1, "crash");
            self.spawn(p -> p.exit(sup, ExitReason.kill()));
            return List.of(sup, w1, w2);
        });
        settle(node);
        for (Pid p : before) {
            assertFalse(
                    node.node().isAlive(p),
                    () -> p + " of the killed supervisor's subtree still runs: " + "names held "
                            + reg.select(r -> true));
        }
    }

    /** Crashes workers of {@code mid} until {@code done} holds; at most 20 steps. */
    private static View stormUntil(
            TestNode node,
            SplittableRandom rnd,
            Ctx ctx,
            View view,
            String mid,
            java.util.function.Predicate<View> done) {
        for (int step = 0; step < 20; step++) {
            List<String> workers = view.running().keySet().stream()
                    .filter(k -> TREE.get(mid).containsKey(k))
                    .toList();
            List<Action> actions = new ArrayList<>();
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                String key = pick(rnd, workers);
                actions.add(new Action(
                        rnd.nextBoolean() ? Kind.KILL : Kind.CRASH,
                        key,
                        view.running().get(key),
                        null));
            }
            List<String> answered = node.run(self -> storm(self, ctx.reg(), actions));
            settle(node);
            view = node.run(self -> check(self, ctx, false, answered));
            if (done.test(view)) {
                return view;
            }
        }
        throw new AssertionError(mid + " did not escalate within 20 storm steps");
    }

    /** Runs the node until every signal is delivered and every (delayed) restart has happened. */
    private static void settle(TestNode node) {
        node.runUntilIdle();
        node.advance(Duration.ofMillis(100)); // past any backoff of the root's restarts
        node.runUntilIdle();
    }

    private static Ctx setUp(TestNode node, Shape shape, Liveness owed) {
        Pid auditor =
                node.run(self -> GenServer.start(self, new Auditor(owed, permanentNames()), SpawnOptions.defaults())
                        .pid());
        Registry reg = Registry.builder(Registry.Keys.UNIQUE)
                .name("storm")
                .listener(auditor)
                .build(node.node());
        Pid root = node.run(self -> startTree(self, reg, shape));
        settle(node);
        return new Ctx(reg, root, auditor, shape);
    }
}
