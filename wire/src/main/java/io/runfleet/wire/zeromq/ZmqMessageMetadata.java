package io.runfleet.wire.zeromq;

/**
 * Where an incoming ZeroMQ message came from: its channel, the peer (a dealer's routing id on a
 * router, the router's address on a dealer, the publisher's endpoint on a subscriber) and the
 * sender's message id (empty on PUB/SUB). Read it with {@code message.getMetadata(ZmqMessageMetadata.class)}.
 */
public record ZmqMessageMetadata(String channel, String peer, String messageId) {
}
