package io.runfleet.results;

import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A message that records whether the application acked or nacked it. */
final class TrackedMessage {

    enum Settlement { ACKED, NACKED }

    final CompletableFuture<Settlement> settled = new CompletableFuture<>();
    volatile Throwable nackReason;
    final Message<byte[]> message;

    TrackedMessage(byte[] payload) {
        this.message = Message.of(payload,
                () -> {
                    settled.complete(Settlement.ACKED);
                    return CompletableFuture.completedFuture(null);
                },
                reason -> {
                    nackReason = reason;
                    settled.complete(Settlement.NACKED);
                    return CompletableFuture.completedFuture(null);
                });
    }

    boolean isSettled() {
        return settled.isDone();
    }

    Settlement settlement() {
        return settled.getNow(null);
    }
}
