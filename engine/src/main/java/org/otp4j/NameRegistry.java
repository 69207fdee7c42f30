package org.otp4j;

import java.util.Optional;

/**
 * What a registry offers to {@link Name.Via} names: the contract of an Erlang via-module
 * ({@code register_name}, {@code unregister_name}, {@code whereis_name}). {@code
 * org.otp4j.registry.Registry} implements it; so may a user's own registry.
 *
 * <p>A process registers itself (never another process), and its names must be gone before its exit
 * and down signals go out, so that whoever restarts it can take the name at once.
 */
public interface NameRegistry {
    /**
     * Registers the calling process under {@code key}.
     *
     * @param self the calling process, which becomes the owner
     * @param key the key
     * @return empty if the caller now holds the name; otherwise the process that holds it
     */
    Optional<Pid> registerName(ProcessContext self, Object key);

    /**
     * Removes the calling process's registration of {@code key}.
     *
     * @param self the calling process
     * @param key the key
     * @return whether the caller held the name
     */
    boolean unregisterName(ProcessContext self, Object key);

    /**
     * The process that holds {@code key} now.
     *
     * @param key the key
     * @return the holder, or empty
     */
    Optional<Pid> whereisName(Object key);
}
