package org.otp4j.benchmarks;

import java.util.ArrayDeque;

/**
 * Comparator C5, the floor: actors on a single-threaded event loop. A send appends the target and the
 * message to one {@link ArrayDeque}; {@link #run} takes them off in order and calls the target's
 * {@link Actor#receive}, on the calling thread, until the queue is empty. There is no synchronisation,
 * no thread hand-over and no envelope object per message (target and message are queued as two
 * entries), so what a workload costs here is the protocol itself.
 *
 * <p>Not thread-safe: an event loop and its actors belong to the thread that runs it.
 */
public final class EventLoop {
    /** An actor on the loop: its state lives in the object, its behaviour in {@link #receive}. */
    @FunctionalInterface
    public interface Actor {
        /**
         * Handles one message.
         *
         * @param loop the loop, to send further messages with
         * @param message the message
         */
        void receive(EventLoop loop, Object message);
    }

    private final ArrayDeque<Object> queue = new ArrayDeque<>(1024);
    private long delivered;

    /** Creates an empty loop. */
    public EventLoop() {}

    /**
     * Queues {@code message} for {@code to}; it is delivered by {@link #run}, after everything queued
     * before it.
     *
     * @param to the target actor
     * @param message the message
     */
    public void send(Actor to, Object message) {
        queue.addLast(to);
        queue.addLast(message);
    }

    /**
     * Delivers queued messages, including those sent while running, until none is left.
     *
     * @return the number of messages delivered by this call
     */
    public long run() {
        long before = delivered;
        Object to;
        while ((to = queue.pollFirst()) != null) {
            Object message = queue.pollFirst();
            delivered++;
            ((Actor) to).receive(this, message);
        }
        return delivered - before;
    }
}
