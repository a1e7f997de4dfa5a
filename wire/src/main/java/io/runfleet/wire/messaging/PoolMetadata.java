package io.runfleet.wire.messaging;

/**
 * Outgoing message metadata: only receivers of this pool ({@link io.runfleet.wire.Pools}) may take the message. A
 * message without it goes to receivers without a pool. ZeroMQ hands it only to dealers that granted credit in the
 * pool; RabbitMQ routes it to the pool's own queue.
 */
public record PoolMetadata(String pool) {
}
