/**
 * Tasks, Elixir's {@code Task}: {@link org.otp4j.task.Task}.
 *
 * {@snippet :
 * List<Integer> lengths = node.run(self -> Task.asyncStream(
 *                 self, List.of("a", "bb", "ccc"), (p, word) -> word.length(), StreamOptions.defaults())
 *         .map(r -> ((TaskResult.Ok<Integer>) r).value())
 *         .toList());
 * }
 *
 * <table class="striped">
 *   <caption>Task functions</caption>
 *   <thead><tr><th>Function</th><th>What it does</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code async}</td><td>starts a linked, monitored task; only its owner awaits it, once</td></tr>
 *     <tr><td>{@code await}, {@code awaitMany}</td><td>waits (5 s by default) and fails the caller on a
 *         timeout or a task exit; {@code awaitMany} keeps the input order</td></tr>
 *     <tr><td>{@code yield}, {@code yieldMany}</td><td>waits and returns nothing if the task is still
 *         running, leaving it running</td></tr>
 *     <tr><td>{@code shutdown}</td><td>stops a task; returns its result if it raced in, its exit if it
 *         died of something else, else nothing</td></tr>
 *     <tr><td>{@code asyncStream}</td><td>a lazy stream of task outcomes over inputs, with at most
 *         {@code maxConcurrency} tasks at a time, in order or not, with a per-task timeout</td></tr>
 *     <tr><td>{@code completed}</td><td>a task already done, for code that handles tasks uniformly</td></tr>
 *   </tbody>
 * </table>
 */
package org.otp4j.task;
