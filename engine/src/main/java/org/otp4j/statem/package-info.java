/**
 * The state machine, OTP's {@code gen_statem}: {@link org.otp4j.statem.StateMachine}.
 *
 * <h2>A worked example</h2>
 *
 * A door with a code lock: locked until the right code arrives, then open for ten seconds (a state
 * timeout), and events that make no sense while open are postponed until it locks again.
 *
 * {@snippet :
 * enum Door { LOCKED, OPEN }
 *
 * final class CodeLock implements StateMachine<Door, String> {
 *     @Override
 *     public Init<Door, String> init(ProcessContext self) {
 *         return Init.ok(Door.LOCKED, "1234");
 *     }
 *
 *     @Override
 *     public boolean stateEnter() {
 *         return true;
 *     }
 *
 *     @Override
 *     public Transition<Door, String> handleEvent(
 *             ProcessContext self, EventType type, Object event, Door state, String code) {
 *         return switch (state) {
 *             case LOCKED -> switch (type) {
 *                 case EventType.Enter e -> Transition.keepStateAndData();
 *                 case EventType.Call c when event.equals(code) ->
 *                     Transition.nextState(Door.OPEN, code, Action.reply(c.from(), "open"));
 *                 case EventType.Call c -> Transition.keepStateAndData(Action.reply(c.from(), "wrong code"));
 *                 default -> Transition.keepStateAndData();
 *             };
 *             case OPEN -> switch (type) {
 *                 case EventType.Enter e ->
 *                     Transition.keepStateAndData(Action.stateTimeout(Duration.ofSeconds(10), "lock"));
 *                 case EventType.StateTimeout t -> Transition.nextState(Door.LOCKED, code);
 *                 default -> Transition.keepStateAndData(Action.postpone()); // handled once locked
 *             };
 *         };
 *     }
 * }
 * }
 *
 * (The same code runs as {@code StatemExamplesTest} in the engine's tests.)
 *
 * <h2>Client functions and the events they cause</h2>
 *
 * <table class="striped">
 *   <caption>StateMachine client functions and events</caption>
 *   <thead><tr><th>Client function or cause</th><th>Event type passed to the handler</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code start}, {@code startLink}</td><td>{@code init}, then {@link
 *         org.otp4j.statem.EventType.Enter} for the initial state if state enter is on</td></tr>
 *     <tr><td>{@code call}</td><td>{@link org.otp4j.statem.EventType.Call} (reply with {@link
 *         org.otp4j.statem.Action#reply})</td></tr>
 *     <tr><td>{@code cast}</td><td>{@link org.otp4j.statem.EventType.Cast}</td></tr>
 *     <tr><td>any other message</td><td>{@link org.otp4j.statem.EventType.Info}</td></tr>
 *     <tr><td>{@link org.otp4j.statem.Action#eventTimeout}, {@link
 *         org.otp4j.statem.Action#stateTimeout}, {@link org.otp4j.statem.Action#genericTimeout}</td>
 *         <td>{@link org.otp4j.statem.EventType.EventTimeout}, {@link
 *         org.otp4j.statem.EventType.StateTimeout}, {@link org.otp4j.statem.EventType.GenericTimeout}</td></tr>
 *     <tr><td>{@link org.otp4j.statem.Action#nextEvent}</td><td>the type it names; {@link
 *         org.otp4j.statem.EventType.Internal} comes only from here</td></tr>
 *     <tr><td>a state change, or {@code repeatState}</td><td>{@link org.otp4j.statem.EventType.Enter}
 *         with the previous state as content</td></tr>
 *     <tr><td>{@code stop}, a stop transition, a crash</td><td>{@code terminate}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>The transition order</h2>
 *
 * After each handler result:
 *
 * <ol>
 *   <li>actions run in list order; replies go out at once; a later action of the same kind overrides an
 *       earlier one;
 *   <li>on a state change, or repeat state, the state-enter call runs (if on) and its actions are handled
 *       the same way; it may reply and set timeouts, but not change state, postpone or insert events;
 *   <li>if postpone was asked, the current event is postponed;
 *   <li>on a real state change (a different state, by {@code equals}), the postponed events are queued
 *       again, oldest first, ahead of the mailbox; keep state, repeat state, the same state and new data
 *       do not retry them;
 *   <li>next_event actions are inserted before everything queued, in list order;
 *   <li>timeouts: zero-time ones are queued as the newest events (still ahead of the mailbox); an event
 *       timeout of zero fires at once only if nothing is queued; any event cancels the event timeout; a
 *       state change cancels the state timeout unless this transition set it; generic timeouts are named
 *       and survive state changes; a cancelled, replaced or updated timeout never delivers a stale
 *       event;
 *   <li>the machine handles the oldest queued event, or waits for the next message (holding no thread).
 * </ol>
 *
 * <p>Bad input ends the machine with a reason that names the rule: a null transition, a state-enter
 * call that changes state, postpones or inserts events.
 */
package org.otp4j.statem;
