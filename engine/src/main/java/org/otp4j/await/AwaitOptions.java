package org.otp4j.await;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a wait reads an agent's state: where its status, result and error are, and, optionally, a custom
 * completion predicate (J13). Immutable; each method returns a changed copy.
 *
 * <p><b>Defaults.</b> A map-shaped state ({@code Map<String, Object>}, maps nested for longer paths) is
 * read at the key paths {@code ["status"]}, {@code ["result"]} and {@code ["error"]}; an {@link
 * AgentState} is read through its methods. Jido's default result path is {@code [:last_answer]}; otp4j
 * uses {@code ["result"]} to match {@link Completion#result()} (pass {@code resultPath("last_answer")}
 * for Jido's). Any other state needs {@link #accessors}.
 *
 * <p><b>Completion.</b> Without a predicate an agent is done when its status is terminal ({@link
 * Agent#isTerminal}); with one, when the predicate holds for its state, whatever the status.
 *
 * <p>A state that does not fit the options (a path through something that is not a map, a state of
 * another type than the accessors take, a predicate that throws) fails the wait with {@link
 * AwaitException.BadState}; the agent is not harmed.
 */
public final class AwaitOptions {
    private static final List<Object> STATUS = List.of("status");
    private static final List<Object> RESULT = List.of("result");
    private static final List<Object> ERROR = List.of("error");
    private static final AwaitOptions DEFAULTS = new AwaitOptions(STATUS, RESULT, ERROR, null, null);

    private final List<Object> statusPath; // with resultPath and errorPath: null when accessors are set
    private final List<Object> resultPath;
    private final List<Object> errorPath;
    private final Accessors accessors; // null when paths are used
    private final Predicate<Object> completedWhen; // null: a terminal status completes

    private record Accessors(
            Class<?> type, Function<Object, ?> status, Function<Object, ?> result, Function<Object, ?> error) {}

    private AwaitOptions(
            List<Object> statusPath,
            List<Object> resultPath,
            List<Object> errorPath,
            Accessors accessors,
            Predicate<Object> completedWhen) {
        this.statusPath = statusPath;
        this.resultPath = resultPath;
        this.errorPath = errorPath;
        this.accessors = accessors;
        this.completedWhen = completedWhen;
    }

    /** {@return the default options: paths {@code ["status"]}, {@code ["result"]}, {@code ["error"]}} */
    public static AwaitOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Reads the status of a map-shaped state at {@code path} (nested maps for more than one key).
     *
     * @param path the keys, at least one, none null
     * @return changed options (paths replace any accessors)
     */
    public AwaitOptions statusPath(Object... path) {
        return new AwaitOptions(
                path("statusPath", path), paths(resultPath, RESULT), paths(errorPath, ERROR), null, completedWhen);
    }

    /**
     * Reads the result of a map-shaped state at {@code path}.
     *
     * @param path the keys, at least one, none null
     * @return changed options (paths replace any accessors)
     */
    public AwaitOptions resultPath(Object... path) {
        return new AwaitOptions(
                paths(statusPath, STATUS), path("resultPath", path), paths(errorPath, ERROR), null, completedWhen);
    }

    /**
     * Reads the error of a map-shaped state at {@code path}.
     *
     * @param path the keys, at least one, none null
     * @return changed options (paths replace any accessors)
     */
    public AwaitOptions errorPath(Object... path) {
        return new AwaitOptions(
                paths(statusPath, STATUS), paths(resultPath, RESULT), path("errorPath", path), null, completedWhen);
    }

    /**
     * Reads a typed state through accessor functions (instead of paths).
     *
     * @param type the state's type; a state of another type fails the wait with {@link
     *     AwaitException.BadState}
     * @param status reads the status
     * @param result reads the result
     * @param error reads the error
     * @param <S> the state type
     * @return changed options
     */
    @SuppressWarnings("unchecked")
    public <S> AwaitOptions accessors(
            Class<S> type, Function<? super S, ?> status, Function<? super S, ?> result, Function<? super S, ?> error) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(status, "status accessor must not be null");
        Objects.requireNonNull(result, "result accessor must not be null");
        Objects.requireNonNull(error, "error accessor must not be null");
        return new AwaitOptions(
                null,
                null,
                null,
                new Accessors(
                        type, (Function<Object, ?>) status, (Function<Object, ?>) result, (Function<Object, ?>) error),
                completedWhen);
    }

    /**
     * Completes the wait when {@code predicate} holds for the agent's state, whatever its status (J13).
     *
     * @param predicate tested on the agent's process after every state change; must not block
     * @return changed options
     */
    public AwaitOptions completedWhen(Predicate<Object> predicate) {
        Objects.requireNonNull(predicate, "predicate must not be null");
        return new AwaitOptions(statusPath, resultPath, errorPath, accessors, predicate);
    }

    /**
     * Completes the wait when {@code predicate} holds for the agent's typed state (J13).
     *
     * @param type the state's type; a state of another type fails the wait with {@link
     *     AwaitException.BadState}
     * @param predicate tested on the agent's process after every state change; must not block
     * @param <S> the state type
     * @return changed options
     */
    public <S> AwaitOptions completedWhen(Class<S> type, Predicate<? super S> predicate) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(predicate, "predicate must not be null");
        return completedWhen(state -> predicate.test(cast(type, state, "completedWhen")));
    }

    // ---- used on the agent's process ------------------------------------------------------------

    /** Whether the wait is over for {@code state}; throws IllegalArgumentException if it does not fit. */
    boolean isDone(Object state) {
        if (completedWhen != null) {
            return completedWhen.test(state);
        }
        return Agent.isTerminal(status(state));
    }

    /** Reads the completion; throws IllegalArgumentException if the state does not fit. */
    Completion completion(Object state) {
        return new Completion(status(state), result(state), error(state));
    }

    Object status(Object state) {
        if (accessors != null) {
            return accessors.status().apply(cast(accessors.type(), state, "status accessor"));
        }
        if (state instanceof AgentState a && statusPath == STATUS) {
            return a.status();
        }
        return read(state, statusPath, "status");
    }

    private Object result(Object state) {
        if (accessors != null) {
            return accessors.result().apply(cast(accessors.type(), state, "result accessor"));
        }
        if (state instanceof AgentState a && resultPath == RESULT) {
            return a.result();
        }
        return read(state, resultPath, "result");
    }

    private Object error(Object state) {
        if (accessors != null) {
            return accessors.error().apply(cast(accessors.type(), state, "error accessor"));
        }
        if (state instanceof AgentState a && errorPath == ERROR) {
            return a.error();
        }
        return read(state, errorPath, "error");
    }

    /** {@return whether a custom completion predicate is set} */
    boolean hasPredicate() {
        return completedWhen != null;
    }

    /** {@return where the status is read, for hints} */
    String statusWhere() {
        return accessors != null ? "the status accessor" : "status path " + statusPath;
    }

    private static Object read(Object state, List<Object> path, String what) {
        Object at = state;
        for (int i = 0; i < path.size(); i++) {
            if (at == null) {
                return null;
            }
            if (!(at instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(what + " path " + path + " does not fit the state: "
                        + (i == 0 ? "the state" : "the value at " + path.subList(0, i)) + " is a "
                        + at.getClass().getName() + ", not a Map (give AwaitOptions.accessors for a typed state)");
            }
            at = map.get(path.get(i));
        }
        return at;
    }

    private static <S> S cast(Class<S> type, Object state, String what) {
        if (!type.isInstance(state)) {
            throw new IllegalArgumentException("the " + what + " takes a " + type.getName() + " but the state is "
                    + (state == null ? "null" : "a " + state.getClass().getName()));
        }
        return type.cast(state);
    }

    private static List<Object> paths(List<Object> current, List<Object> fallback) {
        return current != null ? current : fallback;
    }

    private static List<Object> path(String what, Object[] keys) {
        Objects.requireNonNull(keys, what + " must not be null");
        if (keys.length == 0) {
            throw new IllegalArgumentException(what + " must have at least one key");
        }
        for (Object key : keys) {
            if (key == null) {
                throw new IllegalArgumentException(what + " must not contain null keys: " + Arrays.toString(keys));
            }
        }
        return List.of(keys);
    }

    @Override
    public String toString() {
        return "AwaitOptions["
                + (accessors != null
                        ? "accessors of " + accessors.type().getName()
                        : "status=" + statusPath + ", result=" + resultPath + ", error=" + errorPath)
                + (completedWhen != null ? ", custom predicate" : "") + "]";
    }
}
