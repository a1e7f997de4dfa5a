package io.runfleet.wire.rabbitmq;

/**
 * Switch for the RabbitMQ adapters of this package. The {@code rabbitmq} profile of each service sets
 * it; without it the adapters are never looked up, so other transports see no extra work per message.
 */
public final class RabbitMqTransport {

    /** {@code true} while every channel of the service is carried by the {@code smallrye-rabbitmq} connector. */
    public static final String ENABLED_PROPERTY = "runfleet.rabbitmq.enabled";

    private RabbitMqTransport() {
    }
}
