package org.otp4j.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Alias;
import org.otp4j.Down;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.Ref;
import org.otp4j.internal.gen.Gen;

/** The asynchronous request functions behind {@link GenServer#sendRequest} and friends. */
final class Requests {
    private Requests() {}

    static RequestId send(ProcessContext self, Pid server, Object request) {
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(request, "request must not be null");
        Ref monitor = self.monitor(server);
        Alias alias = self.alias();
        self.send(server, new Gen.CallMessage(new From(alias), request));
        return new RequestId(server, monitor, alias);
    }

    static Response await(ProcessContext self, RequestId id, Duration timeout, boolean abandonOnTimeout) {
        Objects.requireNonNull(id, "request id must not be null");
        Optional<Object> answer = self.receive(m -> matches(m, id) ? m : null, timeout);
        if (answer.isEmpty()) {
            if (abandonOnTimeout) {
                self.unalias(id.alias());
                self.demonitor(id.monitor(), true);
            }
            return new Response.Timeout();
        }
        return settle(self, answer.get(), id);
    }

    static Response check(ProcessContext self, Object message, RequestId id) {
        Objects.requireNonNull(id, "request id must not be null");
        return matches(message, id) ? settle(self, message, id) : new Response.NoMatch();
    }

    private static boolean matches(Object m, RequestId id) {
        return (m instanceof Gen.ReplyMessage r && r.tag().equals(id.alias().ref()))
                || (m instanceof Down d && d.ref().equals(id.monitor()));
    }

    private static Response settle(ProcessContext self, Object answer, RequestId id) {
        self.unalias(id.alias());
        if (answer instanceof Gen.ReplyMessage r) {
            self.demonitor(id.monitor(), true);
            return new Response.Reply(r.value());
        }
        return new Response.Failed(id.server(), ((Down) answer).reason());
    }
}
