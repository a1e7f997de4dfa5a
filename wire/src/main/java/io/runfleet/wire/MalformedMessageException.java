package io.runfleet.wire;

/**
 * A message that cannot be read: not JSON, the wrong shape, a missing field, an unknown schema
 * version or too large. Terminal: redelivering the same bytes cannot help, so it is dropped (ZeroMQ)
 * or dead-lettered (broker) with {@link #getMessage()} as the reason: a refusal for good
 * ({@link RefusedForGoodException}).
 */
public class MalformedMessageException extends RefusedForGoodException {

    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
