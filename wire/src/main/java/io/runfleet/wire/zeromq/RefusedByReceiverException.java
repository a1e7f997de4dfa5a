package io.runfleet.wire.zeromq;

/**
 * The receiving application nacked a message sent on a dealer channel. Terminal: the transport does
 * not send it again; the reason is the receiver's.
 */
public final class RefusedByReceiverException extends RuntimeException {

    public RefusedByReceiverException(String channel, String messageId, String reason) {
        super("channel '" + channel + "' message " + messageId + " refused by the receiver: " + reason);
    }
}
