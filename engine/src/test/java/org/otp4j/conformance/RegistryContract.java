package org.otp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.otp4j.AlreadyRegisteredException;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.registry.Registry;
import org.otp4j.registry.Registry.Entry;
import org.otp4j.registry.Registry.Keys;
import org.otp4j.server.CallException;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.StartResult;
import org.otp4j.statem.Action;
import org.otp4j.statem.EventType;
import org.otp4j.statem.Init;
import org.otp4j.statem.StateMachine;
import org.otp4j.statem.Transition;

/** SEMANTICS.md R1-R6: the registry, and via-names for every behaviour. */
public abstract class RegistryContract extends ConformanceBase {

    protected RegistryContract(NodeFactory factory) {
        super(factory);
    }

    private Registry unique() {
        return Registry.builder(Keys.UNIQUE).name("unique").build(node);
    }

    private Registry duplicate() {
        return Registry.builder(Keys.DUPLICATE).name("duplicate").build(node);
    }

    /** A server that answers "who" with its own pid, and "crash" by crashing. */
    static final class Named implements GenServer<String> {
        @Override
        public InitResult<String> init(ProcessContext self) {
            return InitResult.ok("up");
        }

        @Override
        public CallResult<String> handleCall(ProcessContext self, Object request, From from, String state) {
            if ("crash".equals(request)) {
                throw new IllegalStateException("asked to crash");
            }
            return CallResult.reply(self.self(), state);
        }
    }

    /** A machine that answers every call with its own pid. */
    static final class NamedMachine implements StateMachine<String, String> {
        @Override
        public Init<String, String> init(ProcessContext self) {
            return Init.ok("idle", "data");
        }

        @Override
        public Transition<String, String> handleEvent(
                ProcessContext self, EventType type, Object content, String state, String data) {
            if (type instanceof EventType.Call call) {
                return Transition.keepStateAndData(Action.reply(call.from(), self.self()));
            }
            return Transition.keepStateAndData();
        }
    }

    /** Spawns a process that registers {@code key} (with {@code value}) and then waits to be told to stop. */
    private static Pid holder(ProcessContext self, Registry registry, Object key, Object value) {
        Pid me = self.self();
        Pid p = self.spawn(h -> {
            registry.register(h, key, value);
            h.send(me, "registered");
            h.receive(m -> "stop".equals(m) ? m : null);
        });
        expect(self, m -> "registered".equals(m) ? m : null, "the holder's registration");
        return p;
    }

    @Test
    void R1_uniqueKeysHaveOneOwnerAndRejectASecondWithTheOwner() {
        Registry registry = unique();
        List<Object> got = run(self -> {
            Pid first = holder(self, registry, "svc", 1);
            AlreadyRegisteredException other =
                    assertThrows(AlreadyRegisteredException.class, () -> registry.register(self, "svc", 2));
            registry.register(self, "mine", 3);
            AlreadyRegisteredException again =
                    assertThrows(AlreadyRegisteredException.class, () -> registry.register(self, "mine", 4));
            return List.of(first, other.owner(), again.owner(), registry.lookup("svc"), registry.lookup("mine"));
        });
        assertEquals(got.get(0), got.get(1), "the second owner is told who holds the key");
        assertTrue(got.get(2) instanceof Pid, "re-registering one's own unique key is refused too");
        assertEquals(List.of(new Entry((Pid) got.get(0), 1)), got.get(3), "the first registration stands");
        assertEquals(List.of(new Entry((Pid) got.get(2), 3)), got.get(4));
    }

    @Test
    void R1_duplicateKeysAllowRepeatsFromOneAndFromManyProcesses() {
        Registry registry = duplicate();
        List<Object> got = run(self -> {
            Pid other = holder(self, registry, "topic", "theirs");
            registry.register(self, "topic", "a");
            registry.register(self, "topic", "b");
            Set<Object> values = new TreeSet<>();
            for (Entry e : registry.lookup("topic")) {
                values.add(e.pid().equals(self.self()) ? "me:" + e.value() : "other:" + e.value());
            }
            return List.of(values, registry.keys(self.self()), registry.values("topic", other), registry.count());
        });
        assertEquals(Set.of("me:a", "me:b", "other:theirs"), got.get(0));
        assertEquals(List.of("topic", "topic"), got.get(1), "a key once per entry");
        assertEquals(List.of("theirs"), got.get(2));
        assertEquals(3L, got.get(3));
    }

    @Test
    void R2_aGenServerStartsUnderAViaNameAndATakenNameGivesAlreadyStarted() {
        Registry registry = unique();
        Name name = registry.via("svc");
        List<Object> got = run(self -> {
            StartResult first =
                    GenServer.start(self, new Named(), SpawnOptions.defaults().name(name));
            StartResult second =
                    GenServer.start(self, new Named(), SpawnOptions.defaults().name(name));
            Object who = GenServer.call(self, name, "who");
            GenServer.stop(self, first.pid());
            Optional<Pid> after = registry.whereis("svc");
            CallException noproc = assertThrows(CallException.class, () -> GenServer.call(self, name, "who"));
            return List.of(first, second, who, after, noproc.reason());
        });
        Pid server = ((StartResult) got.get(0)).pid();
        assertEquals(new StartResult.AlreadyStarted(server), got.get(1));
        assertEquals(server, got.get(2), "a call by via-name reaches the owner");
        assertEquals(Optional.empty(), got.get(3), "the name goes with the server");
        assertEquals(ExitReason.noproc(), got.get(4));
    }

    @Test
    void R2_aStateMachineStartsUnderAViaNameAndATakenNameGivesAlreadyStarted() {
        Registry registry = unique();
        Name name = registry.via(List.of("machine", 1)); // any value can be a key
        List<Object> got = run(self -> {
            StartResult first = StateMachine.start(
                    self, new NamedMachine(), SpawnOptions.defaults().name(name));
            StartResult second = StateMachine.start(
                    self, new NamedMachine(), SpawnOptions.defaults().name(name));
            return List.of(first, second, StateMachine.call(self, name, "who"));
        });
        Pid machine = ((StartResult) got.get(0)).pid();
        assertEquals(new StartResult.AlreadyStarted(machine), got.get(1));
        assertEquals(machine, got.get(2));
    }

    @Test
    void R2_aFailedOrIgnoredInitFreesTheViaNameBeforeTheStarterHears() {
        Registry registry = unique();
        Name name = registry.via("flaky");
        List<Object> got = run(self -> {
            StartResult failed = GenServer.start(
                    self,
                    (GenServer<String>) s -> InitResult.stop(ExitReason.of("no_config")),
                    SpawnOptions.defaults().name(name));
            Optional<Pid> afterFail = registry.whereis("flaky"); // at once, no waiting for the DOWN
            StartResult ignored = GenServer.start(
                    self,
                    (GenServer<String>) s -> InitResult.ignore(),
                    SpawnOptions.defaults().name(name));
            Optional<Pid> afterIgnore = registry.whereis("flaky");
            StartResult ok =
                    GenServer.start(self, new Named(), SpawnOptions.defaults().name(name));
            return List.of(failed, afterFail, ignored, afterIgnore, ok);
        });
        assertEquals(new StartResult.Failed(ExitReason.of("no_config")), got.get(0));
        assertEquals(Optional.empty(), got.get(1));
        assertEquals(new StartResult.Ignored(), got.get(2));
        assertEquals(Optional.empty(), got.get(3));
        assertInstanceOf(StartResult.Started.class, got.get(4));
    }

    @Test
    void R2_viaNamesNeedUniqueKeysAndPlainSpawnRejectsThem() {
        Registry registry = duplicate();
        List<Object> got = run(self -> {
            StartResult start =
                    GenServer.start(self, new Named(), SpawnOptions.defaults().name(registry.via("x")));
            IllegalArgumentException spawn = assertThrows(
                    IllegalArgumentException.class,
                    () -> self.spawn(p -> {}, SpawnOptions.defaults().name(unique().via("y"))));
            return List.of(start, spawn.getMessage());
        });
        StartResult.Failed failed = assertInstanceOf(StartResult.Failed.class, got.get(0));
        assertTrue(failed.reason().toString().contains("via-names need unique keys"), failed::toString);
        assertTrue(
                got.get(1).toString().contains("a via-name is registered by the process itself"), got.get(1)::toString);
    }

    @Test
    void R3_entriesOfADeadProcessAreGoneBeforeItsExitAndDownArrive() {
        Registry names = unique();
        Registry topics = duplicate();
        List<Object> got = run(self -> {
            self.trapExit(true);
            Pid me = self.self();
            Pid worker = self.spawnLink(w -> {
                names.register(w, "worker", null);
                topics.register(w, "news", 1);
                topics.register(w, "news", 2);
                w.send(me, "ready");
                w.receive(m -> "crash".equals(m) ? m : null);
                throw new IllegalStateException("crash");
            });
            expect(self, m -> "ready".equals(m) ? m : null, "the worker's registrations");
            self.spawn(w -> {
                org.otp4j.Ref ref = w.monitor(worker);
                w.send(me, "watching");
                Down d = w.receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : null);
                // the instant the DOWN is here, the registry must already be clean
                w.send(me, List.of("watcher", names.whereis("worker"), topics.lookup("news")));
            });
            expect(self, m -> "watching".equals(m) ? m : null, "the watcher's monitor");
            self.send(worker, "crash");
            Exit exit = expect(self, m -> m instanceof Exit e && e.from().equals(worker) ? e : null, "the EXIT");
            List<Object> atExit = List.of(names.whereis("worker"), topics.lookup("news"), names.keys(worker));
            Object fromWatcher = expect(
                    self, m -> m instanceof List<?> l && "watcher".equals(l.get(0)) ? m : null, "the watcher's view");
            return List.of(atExit, fromWatcher, exit.reason(), topics.count());
        });
        assertEquals(List.of(Optional.empty(), List.of(), List.of()), got.get(0), "clean when the EXIT arrives");
        assertEquals(List.of("watcher", Optional.empty(), List.of()), got.get(1), "clean when the DOWN arrives");
        assertInstanceOf(ExitReason.Failure.class, got.get(2));
        assertEquals(0L, got.get(3));
    }

    @Test
    void R3_aRestartedNamedServerTakesItsViaNameRightAfterTheExit() {
        Registry registry = unique();
        Name name = registry.via("svc");
        List<Object> got = run(self -> {
            self.trapExit(true);
            List<Object> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                StartResult s = GenServer.startLink(
                        self, new Named(), SpawnOptions.defaults().name(name));
                Pid pid = s.pid();
                assertThrows(CallException.class, () -> GenServer.call(self, pid, "crash"));
                expect(self, m -> m instanceof Exit e && e.from().equals(pid) ? e : null, "the EXIT");
                results.add(s.getClass().getSimpleName()); // a stale owner would give AlreadyStarted
            }
            return results;
        });
        assertEquals(List.of("Started", "Started", "Started", "Started", "Started"), got);
    }

    @Test
    void R4_dispatchCallsBackWithEveryEntryAndNeverWithNone() {
        Registry registry = duplicate();
        List<Object> got = run(self -> {
            holder(self, registry, "jobs", "a");
            holder(self, registry, "jobs", "b");
            List<List<Entry>> calls = new ArrayList<>();
            boolean some = registry.dispatch("jobs", calls::add);
            boolean none = registry.dispatch("nobody", calls::add);
            Set<Object> values = new TreeSet<>();
            calls.get(0).forEach(e -> values.add(e.value()));
            return List.of(some, none, calls.size(), values);
        });
        assertEquals(List.of(true, false, 1, Set.of("a", "b")), got);
    }

    @Test
    void R5_listenersReceiveRegisterAndUnregisterEvents() {
        List<Object> got = run(self -> {
            self.register("registry-listener");
            Pid byPid = self.spawn(l -> {
                List<Object> seen = new ArrayList<>();
                while (seen.size() < 3) {
                    seen.add(l.receive());
                }
                l.send(l.whereis("registry-listener").orElseThrow(), List.of("byPid", seen));
            });
            Registry registry = Registry.builder(Keys.UNIQUE)
                    .listener(byPid)
                    .listener("registry-listener")
                    .build(node);
            Pid p = self.spawn(h -> {
                registry.register(h, "a", 1);
                registry.register(h, "b", 2);
                registry.unregister(h, "a");
                // "b" goes when h ends
            });
            List<Object> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(expect(
                        self,
                        m -> m instanceof Registry.Registered || m instanceof Registry.Unregistered ? m : null,
                        "registry event " + i));
            }
            Object theirs = expect(self, m -> m instanceof List<?> l && "byPid".equals(l.get(0)) ? m : null, "byPid");
            return List.of(mine, theirs, registry, p);
        });
        Registry registry = (Registry) got.get(2);
        Pid p = (Pid) got.get(3);
        List<Object> expected = List.of(
                new Registry.Registered(registry, "a", p, 1),
                new Registry.Registered(registry, "b", p, 2),
                new Registry.Unregistered(registry, "a", p),
                new Registry.Unregistered(registry, "b", p));
        assertEquals(expected, got.get(0), "in order, the last one sent by the ending process");
        assertEquals(List.of("byPid", expected.subList(0, 3)), got.get(1));
    }

    @Test
    void R6_valuesUpdateValueMetaMatchSelectAndCount() {
        Registry registry =
                Registry.builder(Keys.UNIQUE).meta("kind", "workers").build(node);
        List<Object> got = run(self -> {
            Pid other = holder(self, registry, "theirs", Map.of("load", 7));
            registry.register(self, "mine", Map.of("load", 1));
            Optional<Registry.Updated> up = registry.updateValue(self, "mine", v -> Map.of("load", 2));
            Optional<Registry.Updated> notMine = registry.updateValue(self, "theirs", v -> "stolen");
            registry.putMeta("version", 3);
            List<Entry> light =
                    registry.match("mine", v -> ((Map<?, ?>) v).get("load").equals(2));
            List<Registry.Registration> heavy =
                    registry.select(r -> ((Map<?, ?>) r.value()).get("load").equals(7));
            return List.of(
                    up,
                    notMine,
                    registry.values("theirs", other),
                    registry.meta("kind"),
                    registry.meta("version"),
                    registry.deleteMeta("version"),
                    registry.meta("version"),
                    light.size(),
                    heavy,
                    registry.count(),
                    registry.countMatch("theirs", v -> true),
                    registry.countSelect(r -> r.pid().equals(self.self())),
                    other);
        });
        Pid other = (Pid) got.get(12);
        assertEquals(Optional.of(new Registry.Updated(Map.of("load", 2), Map.of("load", 1))), got.get(0));
        assertEquals(Optional.empty(), got.get(1), "only the owner updates its entry");
        assertEquals(List.of(Map.of("load", 7)), got.get(2), "the other's value is untouched");
        assertEquals(Optional.of("workers"), got.get(3));
        assertEquals(Optional.of(3), got.get(4));
        assertEquals(true, got.get(5));
        assertEquals(Optional.empty(), got.get(6));
        assertEquals(1, got.get(7));
        assertEquals(List.of(new Registry.Registration("theirs", other, Map.of("load", 7))), got.get(8));
        assertEquals(2L, got.get(9));
        assertEquals(1, got.get(10));
        assertEquals(1, got.get(11));
    }

    @Test
    void R6_partitionedRegistriesBehaveAsOneTable() {
        Registry registry = Registry.builder(Keys.DUPLICATE).partitions(8).build(node);
        List<Object> got = run(self -> {
            for (int i = 0; i < 100; i++) {
                registry.register(self, "k" + (i % 10), i);
            }
            int unregistered = registry.unregisterMatch(self, "k3", v -> ((Integer) v) >= 50);
            return List.of(
                    registry.partitions(),
                    registry.count(),
                    registry.lookup("k3").size(),
                    unregistered,
                    registry.select(r -> true).size(),
                    registry.keys(self.self()).size());
        });
        assertEquals(List.of(8, 95L, 5, 5, 95, 95), got);
    }

    @Test
    void R_badInputGetsErrorsThatNameTheProblem() {
        Registry unique = unique();
        Registry dup = duplicate();
        List<Object> got = run(self -> {
            Pid me = self.self();
            ProcessContext[] captured = new ProcessContext[1];
            Pid other = self.spawn(o -> {
                captured[0] = o;
                o.send(me, "captured");
                o.receive(m -> "stop".equals(m) ? m : null);
            });
            expect(self, m -> "captured".equals(m) ? m : null, "the other context");
            List<Object> errors = new ArrayList<>();
            errors.add(assertThrows(IllegalStateException.class, () -> unique.register(captured[0], "k", 1))
                    .getMessage());
            errors.add(assertThrows(NullPointerException.class, () -> unique.register(self, null, 1))
                    .getMessage());
            errors.add(assertThrows(IllegalStateException.class, () -> dup.updateValue(self, "k", v -> v))
                    .getMessage());
            errors.add(assertThrows(IllegalStateException.class, () -> dup.whereis("k"))
                    .getMessage());
            errors.add(assertThrows(
                            IllegalArgumentException.class,
                            () -> Registry.builder(Keys.UNIQUE).partitions(0))
                    .getMessage());
            self.send(other, "stop");
            return errors;
        });
        assertTrue(got.get(0).toString().contains("used outside that process"), got.get(0)::toString);
        assertTrue(got.get(1).toString().contains("key must not be null"), got.get(1)::toString);
        assertTrue(got.get(2).toString().contains("updateValue needs unique keys"), got.get(2)::toString);
        assertTrue(got.get(3).toString().contains("whereis needs unique keys"), got.get(3)::toString);
        assertTrue(got.get(4).toString().contains("partitions must be >= 1"), got.get(4)::toString);
    }

    @Test
    void R_aRegistryServesOnlyItsOwnNode() {
        Registry registry = unique();
        try (Node other = newNode(2)) {
            Object got = other.run(self -> {
                try {
                    registry.register(self, "k", 1);
                    return "registered";
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
            assertTrue(got.toString().contains("belongs to node"), got::toString);
        }
    }
}
