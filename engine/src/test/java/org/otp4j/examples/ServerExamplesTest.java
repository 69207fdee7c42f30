package org.otp4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.otp4j.ExitReason;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;
import org.otp4j.SpawnOptions;
import org.otp4j.server.CallResult;
import org.otp4j.server.From;
import org.otp4j.server.GenServer;
import org.otp4j.server.InitResult;
import org.otp4j.server.Next;
import org.otp4j.server.Result;

/** The org.otp4j.server package example, compiled and run: keep it identical to the snippet. */
class ServerExamplesTest {

    // --- org.otp4j.server package-info snippet ---
    static final class Counter implements GenServer<Integer> {
        @Override
        public InitResult<Integer> init(ProcessContext self) {
            return InitResult.ok(0, Next.timeout(Duration.ofMinutes(1)));
        }

        @Override
        public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
            return switch (String.valueOf(request)) {
                case "get" -> CallResult.reply(n, n, Next.timeout(Duration.ofMinutes(1)));
                default -> CallResult.reply("unknown request", n);
            };
        }

        @Override
        public Result<Integer> handleCast(ProcessContext self, Object request, Integer n) {
            return Result.noReply(n + 1, Next.timeout(Duration.ofMinutes(1)));
        }

        @Override
        public Result<Integer> handleInfo(ProcessContext self, Object message, Integer n) {
            return message == GenServer.TIMEOUT ? Result.stop(ExitReason.normal(), n) : Result.noReply(n);
        }
    }

    @Test
    void packageInfo_counterCountsCastsAndAnswersCalls() {
        try (Node node = Node.builder().build()) {
            int value = node.run(self -> {
                Pid counter = GenServer.start(
                                self, new Counter(), SpawnOptions.defaults().name("counter"))
                        .pid();
                GenServer.cast(self, counter, "inc");
                GenServer.cast(self, "counter", "inc");
                return (Integer) GenServer.call(self, counter, "get"); // 2: casts from one sender stay in order
            });
            // --- end of snippet ---
            assertEquals(2, value);
        }
    }
}
