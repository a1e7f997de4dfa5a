package io.runfleet.systemtest;

/** How the processes of a {@link SystemUnderTest} talk to each other. */
enum Transport {
    /** Brokerless: agents and the results service connect to the scheduler's router socket. */
    ZEROMQ,
    /** Every channel through the RabbitMQ broker, in a virtual host of the test class's own. */
    RABBITMQ
}
