package org.otp4j.supervisor;

import java.util.List;
import org.otp4j.ProcessContext;
import org.otp4j.server.StartResult;

/**
 * How a supervisor starts a child: OTP's start function. It runs in the supervisor's own process and must
 * start the child <em>linked</em> to the supervisor ({@code GenServer.startLink}, {@code self.spawnLink},
 * a nested {@code Supervisor.startLink}) and return the outcome.
 *
 * <p>{@link StartResult.Started} with a linked pid starts the child; {@link StartResult.Ignored} keeps
 * the spec without a process; {@link StartResult.Failed} is a start error, and so is {@link
 * StartResult.AlreadyStarted} (as in OTP), a {@code null} result, a pid that is not linked to the
 * supervisor, and an exception. Errors name the child's id and the problem.
 */
@FunctionalInterface
public interface ChildStart {
    /**
     * Starts the child.
     *
     * @param self the supervisor's context
     * @return the outcome
     * @throws Exception a start error
     */
    StartResult start(ProcessContext self) throws Exception;

    /**
     * A start function that also gets a dynamic supervisor's extra arguments (SV9), as Elixir prepends
     * them to the arguments of the child's start function. Under a {@link Supervisor} the list is empty.
     */
    @FunctionalInterface
    interface WithArguments {
        /**
         * Starts the child.
         *
         * @param self the supervisor's context
         * @param extraArguments the supervisor's extra arguments, in order
         * @return the outcome
         * @throws Exception a start error
         */
        StartResult start(ProcessContext self, List<Object> extraArguments) throws Exception;
    }
}
