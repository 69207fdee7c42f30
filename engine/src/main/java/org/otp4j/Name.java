package org.otp4j;

import java.util.Objects;
import java.util.Optional;

/**
 * How a process is found by name: a node-local name ({@link Local}, Erlang's {@code {local, Name}}) or
 * a key in a {@link NameRegistry} ({@link Via}, Erlang's {@code {via, Module, Name}}).
 *
 * <p>Behaviours ({@code GenServer}, {@code StateMachine}, {@code Supervisor}) start under either kind
 * through {@link SpawnOptions#name(Name)}; a taken name gives an already-started result that carries the
 * current owner. Plain {@code spawn} takes only local names: a via-name is registered by the process
 * itself, which a behaviour does before its init runs.
 *
 * {@snippet :
 * Name local = Name.local("cache");
 * Optional<Pid> owner = local.whereis(node);
 * }
 */
public sealed interface Name {
    /**
     * A node-local name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if {@code name} is empty
     */
    static Name local(String name) {
        return new Local(name);
    }

    /**
     * A key in a name registry.
     *
     * @param registry the registry, for example an {@code org.otp4j.registry.Registry} with unique keys
     * @param key the key
     * @return the name
     */
    static Name via(NameRegistry registry, Object key) {
        return new Via(registry, key);
    }

    /**
     * The process that holds this name now.
     *
     * @param node the node a local name is looked up in
     * @return the holder, or empty if nobody holds the name
     */
    Optional<Pid> whereis(Node node);

    /**
     * A node-local name, as {@link Node#register(String, Pid)} registers.
     *
     * @param name the name, not empty
     */
    record Local(String name) implements Name {
        /** Validates the name. */
        public Local {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a process name must not be empty");
            }
        }

        @Override
        public Optional<Pid> whereis(Node node) {
            return node.whereis(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A key in a {@link NameRegistry}.
     *
     * @param registry the registry
     * @param key the key
     */
    record Via(NameRegistry registry, Object key) implements Name {
        /** Validates the parts. */
        public Via {
            Objects.requireNonNull(registry, "registry must not be null");
            Objects.requireNonNull(key, "key must not be null");
        }

        @Override
        public Optional<Pid> whereis(Node node) {
            return registry.whereisName(key);
        }

        @Override
        public String toString() {
            return "via(" + registry + ", " + key + ")";
        }
    }
}
