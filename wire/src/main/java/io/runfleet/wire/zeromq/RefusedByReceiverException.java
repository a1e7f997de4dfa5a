package io.runfleet.wire.zeromq;

import io.runfleet.wire.RefusedForGoodException;

/**
 * The receiving application refused a message sent on a dealer channel for good (a NACK that says
 * {@code terminal}): the transport does not send it again; the reason is the receiver's. A transient refusal never
 * reaches the sender's application: the dealer sends the message again.
 */
public final class RefusedByReceiverException extends RefusedForGoodException {

    public RefusedByReceiverException(String channel, String messageId, String reason) {
        super("channel '" + channel + "' message " + messageId + " refused by the receiver: " + reason);
    }
}
