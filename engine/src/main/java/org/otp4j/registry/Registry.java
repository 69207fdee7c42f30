package org.otp4j.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.otp4j.AlreadyRegisteredException;
import org.otp4j.ExitReason;
import org.otp4j.Name;
import org.otp4j.NameRegistry;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.internal.Kernel;
import org.otp4j.spi.SchedulingPoint;

/**
 * A local, partitioned key-value process registry, Elixir's {@code Registry}: processes register
 * themselves under keys, with a value per entry; others look them up, dispatch to them, or start
 * behaviours under them as via-names.
 *
 * <p>Keys are {@link Keys#UNIQUE unique} (one owner per key: a name service) or {@link Keys#DUPLICATE
 * duplicate} (many entries per key, even from one process: a pub-sub topic). Every entry belongs to the
 * process that registered it, and only that process can add, update or remove it. When a process ends,
 * its entries are removed before its exit and down signals go out (R3), exactly as a registered name is:
 * whoever restarts it after its {@code EXIT} or {@code DOWN} can take the key at once.
 *
 * {@snippet :
 * Registry services = Registry.builder(Registry.Keys.UNIQUE).name("services").build(node);
 * node.run(self -> {
 *     services.register(self, "mailer", Map.of("version", 2)); // the caller becomes the owner
 *     return services.whereis("mailer");                      // Optional[its pid]
 * });
 * }
 *
 * <p>Lookups are lock-free reads of a {@link ConcurrentHashMap} (an entry without a value, as every
 * via-name is, is stored as the bare pid, so {@link #whereis} costs what a map of pids would);
 * registrations take no lock wider than one key's bin. A registry lives as long as its node; it holds no process and no thread.
 */
public final class Registry implements NameRegistry {

    /** Whether a key has one owner or many entries. */
    public enum Keys {
        /** One entry per key; a second registration fails with the owner. */
        UNIQUE,
        /** Any number of entries per key, several from one process included. */
        DUPLICATE
    }

    /**
     * One registration: who registered, and the value stored with it.
     *
     * @param pid the owner
     * @param value the value given at registration (or by {@link #updateValue}); may be null
     */
    public record Entry(Pid pid, Object value) {}

    /**
     * One registration with its key, as {@link #select} sees it.
     *
     * @param key the key
     * @param pid the owner
     * @param value the value
     */
    public record Registration(Object key, Pid pid, Object value) {}

    /**
     * The outcome of {@link #updateValue}.
     *
     * @param newValue the value now stored
     * @param oldValue the value it replaced
     */
    public record Updated(Object newValue, Object oldValue) {}

    /**
     * Sent to every listener after a process registered a key.
     *
     * @param registry the registry
     * @param key the key
     * @param pid the new owner
     * @param value the value registered
     */
    public record Registered(Registry registry, Object key, Pid pid, Object value) {}

    /**
     * Sent to every listener after an entry went away: unregistered by its owner, or removed because the
     * owner ended (then it is sent by the ending process, before its exit and down signals).
     *
     * @param registry the registry
     * @param key the key
     * @param pid the former owner
     */
    public record Unregistered(Registry registry, Object key, Pid pid) {}

    /** Builds a {@link Registry}. */
    public static final class Builder {
        private final Keys keys;
        private String name;
        private int partitions = 1;
        private final List<Object> listeners = new ArrayList<>();
        private final Map<Object, Object> meta = new LinkedHashMap<>();

        private Builder(Keys keys) {
            this.keys = Objects.requireNonNull(keys, "keys must not be null (UNIQUE or DUPLICATE)");
        }

        /**
         * Names the registry, for messages and {@code toString}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name must not be null");
            return this;
        }

        /**
         * Splits the key space into {@code n} tables by key hash (Elixir's partitions): more tables, less
         * contention on hot bins and smaller tables to resize. The default is 1.
         *
         * @param n the number of partitions, at least 1
         * @return this builder
         */
        public Builder partitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + n);
            }
            this.partitions = n;
            return this;
        }

        /**
         * Adds a listener process: it receives {@link Registered} and {@link Unregistered} messages.
         *
         * @param listener the listener's pid
         * @return this builder
         */
        public Builder listener(Pid listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Adds a listener by registered name, looked up at each event; while nobody holds the name the
         * events for it are dropped (with a warning in the log).
         *
         * @param listener the listener's registered name
         * @return this builder
         */
        public Builder listener(String listener) {
            Objects.requireNonNull(listener, "listener must not be null");
            if (listener.isEmpty()) {
                throw new IllegalArgumentException("a listener name must not be empty");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Sets a registry metadata entry at creation ({@link #meta(Object)}).
         *
         * @param key the metadata key
         * @param value its value
         * @return this builder
         */
        public Builder meta(Object key, Object value) {
            meta.put(Objects.requireNonNull(key, "meta key must not be null"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Creates the registry on {@code node}.
         *
         * @param node the node whose processes register here
         * @return the registry
         * @throws IllegalArgumentException if a listener pid is not a process of {@code node}
         */
        public Registry build(Node node) {
            Objects.requireNonNull(node, "node must not be null");
            for (Object l : listeners) {
                if (l instanceof Pid p) {
                    try {
                        node.isAlive(p); // a process of this node (a dead one is fine: its events are dropped)
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "listener " + p + " cannot receive registry events: " + e.getMessage());
                    }
                }
            }
            return new Registry(this, node);
        }
    }

    private static final System.Logger LOG = System.getLogger("org.otp4j.registry");

    private final Node node;
    private final String name;
    private final Keys keys;
    // UNIQUE: key -> Entry, or the bare Pid for an entry without a value (see stored). DUPLICATE: key ->
    // (owner -> that owner's entries, in registration order).
    private final ConcurrentHashMap<Object, Object>[] tables;
    private final ConcurrentHashMap<Object, Object> single; // the table when there is one partition, else null
    private final ConcurrentHashMap<Pid, Owner> owners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, Object> meta = new ConcurrentHashMap<>();
    private final Object[] listeners;
    private final LongAdder size = new LongAdder();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Registry(Builder b, Node node) {
        this.node = node;
        this.keys = b.keys;
        this.name = b.name != null ? b.name : "registry@" + Integer.toHexString(System.identityHashCode(this));
        this.tables = new ConcurrentHashMap[b.partitions];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new ConcurrentHashMap<>();
        }
        this.single = tables.length == 1 ? tables[0] : null;
        this.listeners = b.listeners.toArray();
        this.meta.putAll(b.meta);
    }

    /**
     * Starts building a registry.
     *
     * @param keys unique or duplicate keys
     * @return a builder
     */
    public static Builder builder(Keys keys) {
        return new Builder(keys);
    }

    /** {@return the registry's name} */
    public String name() {
        return name;
    }

    /** {@return whether keys are unique or duplicate} */
    public Keys keys() {
        return keys;
    }

    /** {@return the number of partitions} */
    public int partitions() {
        return tables.length;
    }

    /** {@return the node the registry belongs to} */
    public Node node() {
        return node;
    }

    /**
     * What a unique table holds for an entry: the bare pid when the entry has no value (every via-name),
     * so that a lookup reads the owner straight from the map's node, as a plain map of pids would.
     */
    private static Object stored(Entry e) {
        return e.value() == null ? e.pid() : e;
    }

    private static Entry entryOf(Object stored) {
        return stored instanceof Pid p ? new Entry(p, null) : (Entry) stored;
    }

    private ConcurrentHashMap<Object, Object> table(Object key) {
        ConcurrentHashMap<Object, Object>[] t = tables;
        if (t.length == 1) {
            return t[0];
        }
        int h = key.hashCode();
        return t[Math.floorMod(h ^ (h >>> 16), t.length)];
    }

    // ---- registering (the owner only) -----------------------------------------------------------

    /**
     * Registers the calling process under {@code key} with {@code value} (R1).
     *
     * @param self the calling process, which becomes the entry's owner
     * @param key the key
     * @param value the value stored with the entry (may be null)
     * @throws AlreadyRegisteredException with keys {@link Keys#UNIQUE unique}, if the key has an owner
     *     (the caller included); {@link AlreadyRegisteredException#owner()} names it
     * @throws IllegalArgumentException if {@code self} belongs to another node
     * @throws IllegalStateException if {@code self} is used outside its own process
     */
    public void register(ProcessContext self, Object key, Object value) {
        Objects.requireNonNull(self, "self must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Kernel.Access kernel = Kernel.access();
        kernel.enter(self, SchedulingPoint.REGISTRY); // the caller's own process, and a scheduling point
        Pid pid = self.self();
        checkNode(self);
        Entry entry = new Entry(pid, value);
        if (keys == Keys.UNIQUE) {
            Object holder = table(key).putIfAbsent(key, stored(entry));
            if (holder != null) {
                Pid owner = entryOf(holder).pid();
                throw new AlreadyRegisteredException(
                        "key " + key + " of registry " + name + " is already registered to " + owner
                                + (owner.equals(pid) ? " (the caller itself)" : ""),
                        owner);
            }
        } else {
            table(key).compute(key, (k, perOwner) -> addDuplicate(perOwner, entry));
        }
        Owner owner = owners.get(pid);
        if (owner == null) {
            owner = new Owner(pid);
            if (!kernel.addExitHook(self, owner)) { // cannot happen in the owner's own code: it is not exiting
                removeEntries(key, pid, entry);
                throw new IllegalStateException("process " + pid + " is exiting; it cannot register " + key);
            }
            owners.put(pid, owner);
        }
        owner.add(key, entry);
        size.increment();
        for (Object listener : listeners) {
            notify(self, listener, new Registered(this, key, pid, value));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object addDuplicate(Object perOwner, Entry entry) {
        ConcurrentHashMap<Pid, Entry[]> map =
                perOwner == null ? new ConcurrentHashMap<>(2) : (ConcurrentHashMap<Pid, Entry[]>) perOwner;
        map.merge(entry.pid(), new Entry[] {entry}, (a, b) -> {
            Entry[] both = java.util.Arrays.copyOf(a, a.length + 1);
            both[a.length] = b[0];
            return both;
        });
        return map;
    }

    /**
     * Removes every entry the calling process holds under {@code key}.
     *
     * @param self the calling process
     * @param key the key
     * @return whether the caller held an entry under {@code key}
     */
    public boolean unregister(ProcessContext self, Object key) {
        return unregisterMatch(self, key, v -> true) > 0;
    }

    /**
     * Removes the calling process's entries under {@code key} whose value matches.
     *
     * @param self the calling process
     * @param key the key
     * @param value which values to remove
     * @return how many entries were removed
     */
    public int unregisterMatch(ProcessContext self, Object key, Predicate<Object> value) {
        Objects.requireNonNull(self, "self must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value predicate must not be null");
        Kernel.Access kernel = Kernel.access();
        kernel.enter(self, SchedulingPoint.REGISTRY);
        Pid pid = self.self();
        Owner owner = owners.get(pid);
        if (owner == null) {
            return 0;
        }
        List<Entry> removed = owner.removeMatching(key, value);
        for (Entry e : removed) {
            removeEntries(key, pid, e);
        }
        size.add(-removed.size());
        if (owner.isEmpty()) {
            owners.remove(pid, owner);
            kernel.removeExitHook(self, owner);
        }
        for (int i = 0; i < removed.size(); i++) {
            for (Object listener : listeners) {
                notify(self, listener, new Unregistered(this, key, pid));
            }
        }
        return removed.size();
    }

    /** Removes one entry (or, with {@code entry} null, every entry of {@code pid}) under {@code key}. */
    @SuppressWarnings("unchecked")
    private void removeEntries(Object key, Pid pid, Entry entry) {
        if (keys == Keys.UNIQUE) {
            ConcurrentHashMap<Object, Object> t = table(key);
            if (entry != null) {
                t.remove(key, stored(entry));
            } else {
                t.computeIfPresent(key, (k, e) -> entryOf(e).pid().equals(pid) ? null : e);
            }
            return;
        }
        table(key).computeIfPresent(key, (k, perOwner) -> {
            ConcurrentHashMap<Pid, Entry[]> map = (ConcurrentHashMap<Pid, Entry[]>) perOwner;
            if (entry == null) {
                map.remove(pid);
            } else {
                map.computeIfPresent(pid, (p, a) -> {
                    List<Entry> rest = new ArrayList<>(List.of(a));
                    for (int i = 0; i < rest.size(); i++) {
                        if (rest.get(i) == entry) {
                            rest.remove(i);
                            break;
                        }
                    }
                    return rest.isEmpty() ? null : rest.toArray(new Entry[0]);
                });
            }
            return map.isEmpty() ? null : map;
        });
    }

    /**
     * Replaces the value of the calling process's entry under a unique {@code key} (R6).
     *
     * @param self the calling process, which must own the entry
     * @param key the key
     * @param update computes the new value from the old
     * @return the new and old values, or empty if the caller does not own {@code key}
     * @throws IllegalStateException on a registry with duplicate keys
     */
    public Optional<Updated> updateValue(ProcessContext self, Object key, UnaryOperator<Object> update) {
        Objects.requireNonNull(self, "self must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(update, "update must not be null");
        if (keys != Keys.UNIQUE) {
            throw new IllegalStateException("updateValue needs unique keys; registry " + name + " has duplicate keys");
        }
        Kernel.access().enter(self, SchedulingPoint.REGISTRY);
        Pid pid = self.self();
        ConcurrentHashMap<Object, Object> t = table(key);
        Object current = t.get(key);
        if (current == null || !entryOf(current).pid().equals(pid)) {
            return Optional.empty();
        }
        Entry old = entryOf(current);
        Object value = update.apply(old.value());
        Entry fresh = new Entry(pid, value);
        t.replace(key, current, stored(fresh)); // only the owner changes its entry, so this cannot miss
        owners.get(pid).replace(key, old, fresh);
        return Optional.of(new Updated(value, old.value()));
    }

    // ---- reading (anyone) -----------------------------------------------------------------------

    /**
     * The owner of a unique {@code key}: as fast as a {@link ConcurrentHashMap} read.
     *
     * @param key the key
     * @return the owner, or empty
     * @throws IllegalStateException on a registry with duplicate keys (use {@link #lookup})
     */
    public Optional<Pid> whereis(Object key) {
        if (keys != Keys.UNIQUE) {
            throw new IllegalStateException(
                    "whereis needs unique keys; registry " + name + " has duplicate keys (use lookup)");
        }
        Objects.requireNonNull(key, "key must not be null");
        ConcurrentHashMap<Object, Object> t = single;
        Object e = (t != null ? t : table(key)).get(key);
        if (e instanceof Pid p) {
            return Optional.of(p);
        }
        return e == null ? Optional.empty() : Optional.of(((Entry) e).pid());
    }

    /**
     * Every entry under {@code key}: at most one with unique keys.
     *
     * @param key the key
     * @return the entries (owner and value), empty if none
     */
    @SuppressWarnings("unchecked")
    public List<Entry> lookup(Object key) {
        Object found =
                table(Objects.requireNonNull(key, "key must not be null")).get(key);
        if (found == null) {
            return List.of();
        }
        if (found instanceof Entry || found instanceof Pid) {
            return List.of(entryOf(found));
        }
        List<Entry> all = new ArrayList<>();
        for (Entry[] es : ((ConcurrentHashMap<Pid, Entry[]>) found).values()) {
            all.addAll(List.of(es));
        }
        return List.copyOf(all);
    }

    /**
     * The entries under {@code key} whose value matches (Elixir's {@code match/3}).
     *
     * @param key the key
     * @param value the values to keep
     * @return the matching entries
     */
    public List<Entry> match(Object key, Predicate<Object> value) {
        Objects.requireNonNull(value, "value predicate must not be null");
        return lookup(key).stream().filter(e -> value.test(e.value())).toList();
    }

    /**
     * Every registration that passes {@code filter}, over all keys (Elixir's {@code select/2}).
     *
     * @param filter the registrations to keep
     * @return the matching registrations
     */
    @SuppressWarnings("unchecked")
    public List<Registration> select(Predicate<Registration> filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        List<Registration> out = new ArrayList<>();
        for (ConcurrentHashMap<Object, Object> t : tables) {
            for (Map.Entry<Object, Object> kv : t.entrySet()) {
                if (!(kv.getValue() instanceof ConcurrentHashMap<?, ?>)) {
                    Entry e = entryOf(kv.getValue());
                    Registration r = new Registration(kv.getKey(), e.pid(), e.value());
                    if (filter.test(r)) {
                        out.add(r);
                    }
                } else {
                    for (Entry[] es : ((ConcurrentHashMap<Pid, Entry[]>) kv.getValue()).values()) {
                        for (Entry e : es) {
                            Registration r = new Registration(kv.getKey(), e.pid(), e.value());
                            if (filter.test(r)) {
                                out.add(r);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {@return how many entries the registry holds} */
    public long count() {
        return size.sum();
    }

    /**
     * How many entries under {@code key} have a matching value.
     *
     * @param key the key
     * @param value the values to count
     * @return the count
     */
    public int countMatch(Object key, Predicate<Object> value) {
        return match(key, value).size();
    }

    /**
     * How many registrations pass {@code filter}.
     *
     * @param filter the registrations to count
     * @return the count
     */
    public int countSelect(Predicate<Registration> filter) {
        return select(filter).size();
    }

    /**
     * The keys {@code pid} holds entries under, a key once per entry, grouped by key in the order each key
     * was first registered (Elixir leaves this order unspecified).
     *
     * @param pid the process
     * @return its keys, empty for a process with none (or a dead one)
     */
    public List<Object> keys(Pid pid) {
        Owner owner = owners.get(Objects.requireNonNull(pid, "pid must not be null"));
        return owner == null ? List.of() : owner.keys();
    }

    /**
     * The values {@code pid} registered under {@code key}.
     *
     * @param key the key
     * @param pid the owner
     * @return its values (at most one with unique keys)
     */
    public List<Object> values(Object key, Pid pid) {
        Objects.requireNonNull(pid, "pid must not be null");
        return lookup(key).stream()
                .filter(e -> e.pid().equals(pid))
                .map(e -> e.value())
                .toList();
    }

    /**
     * Calls {@code callback} with every entry under {@code key}, in the caller's thread; never with none
     * (R4).
     *
     * @param key the key
     * @param callback gets the entries
     * @return whether there were entries (and {@code callback} was called)
     */
    public boolean dispatch(Object key, Consumer<List<Entry>> callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        List<Entry> entries = lookup(key);
        if (entries.isEmpty()) {
            return false;
        }
        callback.accept(entries);
        return true;
    }

    // ---- metadata -------------------------------------------------------------------------------

    /**
     * Reads registry metadata (R6).
     *
     * @param key the metadata key
     * @return its value, or empty
     */
    public Optional<Object> meta(Object key) {
        return Optional.ofNullable(meta.get(Objects.requireNonNull(key, "meta key must not be null")));
    }

    /**
     * Writes registry metadata; any process or the host may.
     *
     * @param key the metadata key
     * @param value its value
     */
    public void putMeta(Object key, Object value) {
        meta.put(
                Objects.requireNonNull(key, "meta key must not be null"),
                Objects.requireNonNull(value, "meta value must not be null"));
    }

    /**
     * Removes registry metadata.
     *
     * @param key the metadata key
     * @return whether it was there
     */
    public boolean deleteMeta(Object key) {
        return meta.remove(Objects.requireNonNull(key, "meta key must not be null")) != null;
    }

    // ---- via-names ------------------------------------------------------------------------------

    /**
     * A via-name for {@code key} in this registry, for starting a behaviour under it (R2) and for calls.
     *
     * @param key the key
     * @return the name
     */
    public Name via(Object key) {
        return Name.via(this, key);
    }

    @Override
    public Optional<Pid> registerName(ProcessContext self, Object key) {
        if (keys != Keys.UNIQUE) {
            throw new IllegalStateException("via-names need unique keys; registry " + name + " has duplicate keys");
        }
        try {
            register(self, key, null);
            return Optional.empty();
        } catch (AlreadyRegisteredException e) {
            return Optional.of(e.owner());
        }
    }

    @Override
    public boolean unregisterName(ProcessContext self, Object key) {
        return unregister(self, key);
    }

    @Override
    public Optional<Pid> whereisName(Object key) {
        return whereis(key);
    }

    @Override
    public String toString() {
        return "Registry[" + name + ", " + keys.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    // ---- internals ------------------------------------------------------------------------------

    private void checkNode(ProcessContext self) {
        if (self.node() != node) {
            throw new IllegalArgumentException(
                    "registry " + name + " belongs to node '" + node.name() + "', but process " + self.self()
                            + " runs on node '" + self.node().name() + "'");
        }
    }

    private void notify(ProcessContext self, Object listener, Object event) {
        Pid p = listenerPid(listener, event);
        if (p != null) {
            self.send(p, event);
        }
    }

    /** A listener's pid: itself, or the holder of its name now; null (with a warning) if nobody holds it. */
    private Pid listenerPid(Object listener, Object event) {
        if (listener instanceof Pid p) {
            return p;
        }
        Optional<Pid> p = node.whereis((String) listener);
        if (p.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "registry " + name + ": no listener registered as '" + listener + "'; dropped " + event);
        }
        return p.orElse(null);
    }

    /** A process's entries here; its exit hook removes them before the process signals anyone (R3). */
    private final class Owner implements Kernel.ExitHook {
        private final Pid pid;
        // key -> its Entry, or an ArrayList of Entries (duplicate keys), in registration order of the keys;
        // guarded by this (the owner writes, readers of keys(pid) copy)
        private final LinkedHashMap<Object, Object> held = new LinkedHashMap<>(4);

        Owner(Pid pid) {
            this.pid = pid;
        }

        @SuppressWarnings("unchecked")
        synchronized void add(Object key, Entry entry) {
            Object v = held.get(key);
            if (v == null) {
                held.put(key, entry);
            } else if (v instanceof Entry first) {
                ArrayList<Entry> both = new ArrayList<>(2);
                both.add(first);
                both.add(entry);
                held.put(key, both);
            } else {
                ((ArrayList<Entry>) v).add(entry);
            }
        }

        @SuppressWarnings("unchecked")
        synchronized void replace(Object key, Entry old, Entry fresh) {
            Object v = held.get(key);
            if (old.equals(v)) {
                held.put(key, fresh);
            } else if (v instanceof ArrayList<?> list) {
                ArrayList<Entry> entries = (ArrayList<Entry>) list;
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).equals(old)) {
                        entries.set(i, fresh);
                        return;
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        synchronized List<Entry> removeMatching(Object key, Predicate<Object> value) {
            Object v = held.get(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof Entry e) {
                if (!value.test(e.value())) {
                    return List.of();
                }
                held.remove(key);
                return List.of(e);
            }
            ArrayList<Entry> entries = (ArrayList<Entry>) v;
            List<Entry> removed = new ArrayList<>();
            entries.removeIf(e -> value.test(e.value()) && removed.add(e));
            if (entries.isEmpty()) {
                held.remove(key);
            }
            return removed;
        }

        synchronized boolean isEmpty() {
            return held.isEmpty();
        }

        synchronized List<Object> keys() {
            List<Object> ks = new ArrayList<>(held.size());
            for (Map.Entry<Object, Object> kv : held.entrySet()) {
                int n = kv.getValue() instanceof ArrayList<?> list ? list.size() : 1;
                for (int i = 0; i < n; i++) {
                    ks.add(kv.getKey());
                }
            }
            return List.copyOf(ks);
        }

        /** Takes every (key, entry) pair, flat: key, entry, key, entry... */
        synchronized List<Object> takeAll() {
            List<Object> all = new ArrayList<>(held.size() * 2);
            for (Map.Entry<Object, Object> kv : held.entrySet()) {
                if (kv.getValue() instanceof ArrayList<?> list) {
                    for (Object e : list) {
                        all.add(kv.getKey());
                        all.add(e);
                    }
                } else {
                    all.add(kv.getKey());
                    all.add(kv.getValue());
                }
            }
            held.clear();
            return all;
        }

        @Override
        public void exiting(Pid pid, ExitReason reason, Kernel.Outbox outbox) {
            List<Object> mine = takeAll();
            owners.remove(pid, this);
            for (int i = 0; i < mine.size(); i += 2) {
                removeEntries(mine.get(i), pid, (Entry) mine.get(i + 1));
            }
            size.add(-(mine.size() / 2));
            for (int i = 0; i < mine.size(); i += 2) {
                for (Object listener : listeners) {
                    Unregistered event = new Unregistered(Registry.this, mine.get(i), pid);
                    Pid p = listenerPid(listener, event);
                    if (p != null) {
                        outbox.send(p, event);
                    }
                }
            }
        }
    }
}
