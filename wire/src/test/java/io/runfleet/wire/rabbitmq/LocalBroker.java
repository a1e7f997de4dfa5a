package io.runfleet.wire.rabbitmq;

import java.util.Optional;

/** Connections to the RabbitMQ the tests run against: RABBITMQ_HOST/_PORT/_USERNAME/_PASSWORD, else the local one. */
final class LocalBroker {

    private LocalBroker() {
    }

    /** As the services open them, in the default vhost, trying a lost broker again after one second. */
    static BrokerConnections connections() {
        return new BrokerConnections(env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")),
                env("RABBITMQ_USERNAME", "guest"), env("RABBITMQ_PASSWORD", "guest"), "/", false, Optional.empty(),
                Optional.empty(), true, 1);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
