/**
 * The generic server, OTP's {@code gen_server}: {@link org.otp4j.server.GenServer}.
 *
 * <h2>A worked example</h2>
 *
 * A counter that answers calls, takes casts, and stops itself after a minute without messages:
 *
 * {@snippet :
 * final class Counter implements GenServer<Integer> {
 *     @Override
 *     public InitResult<Integer> init(ProcessContext self) {
 *         return InitResult.ok(0, Next.timeout(Duration.ofMinutes(1)));
 *     }
 *
 *     @Override
 *     public CallResult<Integer> handleCall(ProcessContext self, Object request, From from, Integer n) {
 *         return switch (String.valueOf(request)) {
 *             case "get" -> CallResult.reply(n, n, Next.timeout(Duration.ofMinutes(1)));
 *             default -> CallResult.reply("unknown request", n);
 *         };
 *     }
 *
 *     @Override
 *     public Result<Integer> handleCast(ProcessContext self, Object request, Integer n) {
 *         return Result.noReply(n + 1, Next.timeout(Duration.ofMinutes(1)));
 *     }
 *
 *     @Override
 *     public Result<Integer> handleInfo(ProcessContext self, Object message, Integer n) {
 *         return message == GenServer.TIMEOUT ? Result.stop(ExitReason.normal(), n) : Result.noReply(n);
 *     }
 * }
 *
 * try (Node node = Node.builder().build()) {
 *     int value = node.run(self -> {
 *         Pid counter = GenServer.start(self, new Counter(), SpawnOptions.defaults().name("counter")).pid();
 *         GenServer.cast(self, counter, "inc");
 *         GenServer.cast(self, "counter", "inc");
 *         return (Integer) GenServer.call(self, counter, "get"); // 2: casts from one sender stay in order
 *     });
 * }
 * }
 *
 * (The same code runs as {@code ServerExamplesTest} in the engine's tests.)
 *
 * <h2>Client functions and the callbacks they trigger</h2>
 *
 * <table class="striped">
 *   <caption>GenServer client functions and callbacks</caption>
 *   <thead><tr><th>Client function</th><th>Callback</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code start}, {@code startLink}</td><td>{@code init} (the starter waits for it)</td></tr>
 *     <tr><td>{@code call}, {@code sendRequest}</td><td>{@code handleCall}</td></tr>
 *     <tr><td>{@code cast}</td><td>{@code handleCast}</td></tr>
 *     <tr><td>any other message, an idle timeout ({@code TIMEOUT})</td><td>{@code handleInfo}</td></tr>
 *     <tr><td>a result with {@code Next.continueWith}</td><td>{@code handleContinue}, before any queued
 *         message</td></tr>
 *     <tr><td>{@code stop}, a stop result, a crash, a trapped exit from the parent</td>
 *         <td>{@code terminate}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>The rules, in plain words</h2>
 *
 * <ul>
 *   <li>A call waits 5 seconds by default; then the caller fails with {@link
 *       org.otp4j.server.CallTimeoutException}, and a reply that comes later is dropped, never
 *       received. Calling a server that does not exist fails with {@code noproc}; if the server dies
 *       during the call, the caller fails with the server's reason; a process that calls itself fails
 *       with {@code calling_self}.
 *   <li>A callback may return no reply and answer later with {@link org.otp4j.server.GenServer#reply},
 *       from any process; a call gets exactly one reply.
 *   <li>Start blocks until {@code init} returns. {@code stop} and exceptions in {@code init} make start
 *       return {@link org.otp4j.server.StartResult.Failed}; {@code ignore} gives {@link
 *       org.otp4j.server.StartResult.Ignored}; a taken name gives {@link
 *       org.otp4j.server.StartResult.AlreadyStarted}. A failed {@code startLink} does not take the caller
 *       down: the server unlinks before it exits (as OTP's {@code proc_lib:init_fail} does).
 *   <li>{@code terminate} runs after a stop result and after a callback crash. An exit signal from the
 *       parent ends the server in any case; {@code terminate} runs for it only if the server traps exits.
 *   <li>An idle timeout is cancelled by any message; when it fires, {@code handleInfo} gets {@link
 *       org.otp4j.server.GenServer#TIMEOUT}.
 *   <li>Reasons {@code normal}, {@code shutdown} and {@code shutdown(term)} are quiet; any other reason
 *       is logged as a crash report (logger {@code org.otp4j.server}).
 *   <li>A server holds no thread between messages (it is a {@link org.otp4j.MessageHandler} process), so
 *       an idle server costs a few hundred bytes; {@code Next.hibernate()} is accepted for parity.
 * </ul>
 */
package org.otp4j.server;
