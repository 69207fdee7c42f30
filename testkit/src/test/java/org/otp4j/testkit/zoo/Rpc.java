package org.otp4j.testkit.zoo;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import org.otp4j.Down;
import org.otp4j.Matcher;
import org.otp4j.MessageHandler;
import org.otp4j.NotRegisteredException;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;

/**
 * Request and reply as {@code gen_server:call} does it, for the zoo (there are no behaviours yet): the
 * caller monitors the server, tags the request with the monitor's reference and takes only the reply
 * with that tag, or the server's DOWN.
 */
final class Rpc {
    private Rpc() {}

    /** A request from {@code from}; the reply carries {@code tag}. */
    record Request(Pid from, Ref tag, Object body) {}

    /** The reply to the request tagged {@code tag}. */
    record Reply(Ref tag, Object value) {}

    /** Calls {@code server} and waits for its reply; fails if the server exits first. */
    static Object call(ProcessContext self, Pid server, Object body) {
        Ref tag = self.monitor(server);
        self.send(server, new Request(self.self(), tag, body));
        Object got = self.receive(replyOrDown(tag));
        return unwrap(self, server, tag, got);
    }

    /** Calls the process registered as {@code name}. */
    static Object call(ProcessContext self, String name, Object body) {
        Pid server = self.whereis(name).orElseThrow(() -> new NotRegisteredException(name));
        return call(self, server, body);
    }

    /** Calls with a timeout; empty on timeout. A late reply stays queued, and no later call takes it. */
    static Optional<Object> call(ProcessContext self, Pid server, Object body, Duration timeout) {
        Ref tag = self.monitor(server);
        self.send(server, new Request(self.self(), tag, body));
        Optional<Object> got = self.receive(replyOrDown(tag), timeout);
        if (got.isEmpty()) {
            self.demonitor(tag, true);
            return Optional.empty();
        }
        return Optional.of(unwrap(self, server, tag, got.get()));
    }

    /** Answers {@code request}. */
    static void reply(ProcessContext self, Request request, Object value) {
        self.send(request.from(), new Reply(request.tag(), value));
    }

    /** A server whose {@code handle(state, body)} returns {@code {reply, newState}}. */
    static MessageHandler server(Object initial, BiFunction<Object, Object, Object[]> handle) {
        return new MessageHandler() {
            private Object state = initial;

            @Override
            public void handle(ProcessContext self, Object message) {
                if (message instanceof Request r) {
                    Object[] out = handle.apply(state, r.body());
                    state = out[1];
                    reply(self, r, out[0]);
                }
            }
        };
    }

    /** Waits for {@code text}, leaving every other message queued. */
    static void await(ProcessContext self, String text) {
        self.receive(m -> m.equals(text) ? m : null);
    }

    /** Simulated work: lets {@code time} pass on the node's clock without taking any message. */
    static void work(ProcessContext self, Duration time) {
        self.receive(m -> null, time);
    }

    private static Matcher<Object> replyOrDown(Ref tag) {
        return m -> m instanceof Reply r && r.tag().equals(tag)
                        || m instanceof Down d && d.ref().equals(tag)
                ? m
                : null;
    }

    private static Object unwrap(ProcessContext self, Pid server, Ref tag, Object got) {
        if (got instanceof Down d) {
            throw new AssertionError("call to " + server + " failed: the server exited with " + d.reason());
        }
        self.demonitor(tag, true);
        return ((Reply) got).value();
    }
}
