package org.otp4j;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one live process, Erlang's {@code process_info}: taken at one moment and not updated.
 *
 * @param pid the process
 * @param status what it was doing
 * @param registeredName its registered name, if any
 * @param messageQueueLength the messages waiting in its mailbox
 * @param links the processes it is linked to
 * @param monitors the monitors it holds on other processes (their targets)
 * @param monitoredBy the processes that monitor it
 * @param trapExit whether it traps exits
 * @param initialCall what the process runs: the class of its body or handler; for a behaviour, the class
 *     of its callbacks (the user's {@code GenServer} or {@code StateMachine}), as proc_lib reports the
 *     callback module in OTP's {@code initial_call}
 */
public record ProcessInfo(
        Pid pid,
        ProcessStatus status,
        Optional<String> registeredName,
        int messageQueueLength,
        List<Pid> links,
        List<Object> monitors,
        List<Pid> monitoredBy,
        boolean trapExit,
        String initialCall) {
    /** Copies the lists. */
    public ProcessInfo {
        links = List.copyOf(links);
        monitors = List.copyOf(monitors);
        monitoredBy = List.copyOf(monitoredBy);
    }
}
