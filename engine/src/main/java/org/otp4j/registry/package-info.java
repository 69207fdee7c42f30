/**
 * A process registry: find processes by key, attach values to them, and name behaviours with via-names.
 *
 * <h2>A worked example</h2>
 *
 * A session service per user: each session is a {@code GenServer} started under a via-name in a
 * registry with unique keys, so that a second start for the same user finds the first, and callers
 * reach a session by the user's id alone. A second registry with duplicate keys is a pub-sub topic.
 *
 * {@snippet :
 * record Session(String user) implements GenServer<List<String>> {
 *     public InitResult<List<String>> init(ProcessContext self) {
 *         return InitResult.ok(List.of());
 *     }
 *
 *     public CallResult<List<String>> handleCall(ProcessContext self, Object request, From from,
 *                                                List<String> seen) {
 *         List<String> now = new ArrayList<>(seen);
 *         now.add(request.toString());
 *         return CallResult.reply(now, List.copyOf(now));
 *     }
 * }
 *
 * try (Node node = Node.builder().build()) {
 *     Registry sessions = Registry.builder(Registry.Keys.UNIQUE).name("sessions").build(node);
 *     Registry topics = Registry.builder(Registry.Keys.DUPLICATE).name("topics").build(node);
 *     Object seen = node.run(self -> {
 *         SpawnOptions ada = SpawnOptions.defaults().name(sessions.via("ada"));
 *         Pid first = GenServer.start(self, new Session("ada"), ada).pid();
 *         StartResult again = GenServer.start(self, new Session("ada"), ada);  // AlreadyStarted(first)
 *
 *         topics.register(self, "news", "subscriber-1");         // this process subscribes
 *         topics.dispatch("news", entries -> entries.forEach(e -> self.send(e.pid(), "hello")));
 *
 *         GenServer.call(self, sessions.via("ada"), "login");
 *         return GenServer.call(self, sessions.via("ada"), "view"); // [login, view]
 *     });
 * }
 * }
 *
 * <h2>The rules</h2>
 *
 * <ul>
 *   <li><b>R1.</b> A process registers itself ({@link org.otp4j.registry.Registry#register}), never
 *       another process. With unique keys a second registration of a key fails with {@link
 *       org.otp4j.AlreadyRegisteredException}, whose {@code owner()} names the holder; with duplicate
 *       keys any number of entries may share a key, several from one process included.
 *   <li><b>R2.</b> {@code registry.via(key)} is a {@link org.otp4j.Name}: {@code GenServer}, {@code
 *       StateMachine} and supervisors start under it through {@link org.otp4j.SpawnOptions#name(
 *       org.otp4j.Name)} and are called by it. The new process takes the name before its init runs; a
 *       taken name gives {@code StartResult.AlreadyStarted(owner)}, and a failed or ignored init frees
 *       the name before the starter hears of it. Via-names need unique keys.
 *   <li><b>R3.</b> When a process ends, its entries are removed before its exit and down signals go out,
 *       like a registered name (S5). Whoever sees the {@code EXIT} or {@code DOWN} (a supervisor about to
 *       restart the process) finds the key free.
 *   <li><b>R4.</b> {@code dispatch(key, callback)} calls the callback once with every entry under the
 *       key, in the caller's thread; with no entries it is not called.
 *   <li><b>R5.</b> Listener processes, given to the builder, receive {@code Registered} and {@code
 *       Unregistered} messages. An entry removed because its owner ended is announced by the ending
 *       process itself, before its exit signals.
 *   <li><b>R6.</b> Each entry carries a value; its owner may replace it with {@code updateValue} (unique
 *       keys). The registry carries metadata ({@code meta}, {@code putMeta}). {@code match} filters a
 *       key's entries by value, {@code select} filters all registrations, {@code count}, {@code
 *       countMatch} and {@code countSelect} count them, and {@code partitions(n)} splits the tables.
 * </ul>
 *
 * <p>A registry is a data structure shared by a node's processes, not a process: lookups are plain
 * concurrent-map reads (B12 in {@code benchmarks/RESULTS.md}), and registrations are a scheduling point
 * under the deterministic testkit, so races on names are explored like any other.
 */
package org.otp4j.registry;
