package org.otp4j.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.otp4j.Down;
import org.otp4j.ProcessContext;
import org.otp4j.internal.gen.Gen;

/**
 * A collection of pending requests, each with a label: OTP 25's request-id collections ({@code
 * reqids_new}, {@code reqids_add}, {@code wait_response/3} on a collection). Answers come back in the
 * order they arrive, with the label of the request they answer; answered requests leave the collection.
 *
 * <p>Like the requests themselves, a collection belongs to the process that sent them.
 *
 * @param <L> the label type
 */
public final class RequestIds<L> {
    private final Map<RequestId, L> pending = new LinkedHashMap<>(); // in the order they were added

    /** Creates an empty collection. */
    public RequestIds() {}

    /**
     * An answer and the label of the request it answers.
     *
     * @param label the request's label
     * @param response the answer
     * @param <L> the label type
     */
    public record Labeled<L>(L label, Response response) {}

    /**
     * Adds a request.
     *
     * @param id the request
     * @param label its label
     * @return this collection
     */
    public RequestIds<L> add(RequestId id, L label) {
        pending.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(label, "label"));
        return this;
    }

    /** {@return how many requests are still unanswered} */
    public int size() {
        return pending.size();
    }

    /**
     * Waits for the first answer to any request of the collection; on timeout the requests stay pending.
     *
     * @param self the process that sent the requests
     * @param timeout how long to wait
     * @return the first answer with its label, or empty on timeout or if the collection is empty
     */
    public Optional<Labeled<L>> waitResponse(ProcessContext self, Duration timeout) {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Optional<Object> answer = self.receive(m -> owner(m) != null ? m : null, timeout);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        RequestId id = owner(answer.get());
        L label = pending.remove(id);
        return Optional.of(new Labeled<>(label, GenServer.checkResponse(self, answer.get(), id)));
    }

    /** The pending request {@code message} answers, or null. */
    private RequestId owner(Object message) {
        for (RequestId id : pending.keySet()) {
            if ((message instanceof Gen.ReplyMessage r
                            && r.tag().equals(id.alias().ref()))
                    || (message instanceof Down d && d.ref().equals(id.monitor()))) {
                return id;
            }
        }
        return null;
    }
}
