package io.runfleet.wire.messaging;

/**
 * A message the transport gave up on: neither acknowledged nor refused within the channel's delivery timeout (the
 * receiver is unreachable, or too slow for too long). Whether it arrived is unknown; the sender is told so that
 * it can say so to whoever waits for the message's effect.
 */
public final class UndeliverableException extends RuntimeException {

    public UndeliverableException(String reason) {
        super(reason);
    }
}
