package org.otp4j.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import org.otp4j.MessageHandler;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;

/** A minimal request/reply protocol for the testkit's tests (the behaviours come later). */
final class Calls {
    private Calls() {}

    /** A request carrying the caller and a unique tag for the reply. */
    record Request(Pid from, Ref tag, Object body) {}

    /** The reply to the request tagged {@code tag}. */
    record Reply(Ref tag, Object value) {}

    /** Calls {@code server} and waits, without a bound, for the tagged reply. */
    static Object call(ProcessContext self, Pid server, Object body) {
        Ref tag = self.makeRef();
        self.send(server, new Request(self.self(), tag, body));
        return self.receive(m -> m instanceof Reply r && r.tag().equals(tag) ? r : null)
                .value();
    }

    /** Calls with a timeout; empty on timeout (a late reply stays in the mailbox). */
    static Optional<Object> call(ProcessContext self, Pid server, Object body, Duration timeout) {
        Ref tag = self.makeRef();
        self.send(server, new Request(self.self(), tag, body));
        return self.receive(m -> m instanceof Reply r && r.tag().equals(tag) ? r.value() : null, timeout);
    }

    /** A server whose state is updated by {@code handle(state, body)} returning {@code {reply, newState}}. */
    static MessageHandler server(Object initial, BiFunction<Object, Object, Object[]> handle) {
        return new MessageHandler() {
            private Object state = initial;

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message instanceof Request r) {
                    Object[] out = handle.apply(state, r.body());
                    state = out[1];
                    self.send(r.from(), new Reply(r.tag(), out[0]));
                }
            }
        };
    }

    /** A counter with get and set only: read-modify-write across two calls loses updates. */
    static MessageHandler getSetCounter() {
        return server(
                0, (state, body) -> body instanceof Integer v ? new Object[] {v, v} : new Object[] {state, state});
    }
}
