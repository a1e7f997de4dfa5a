package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Every run request delivered twice, over RabbitMQ: both copies wait in the run-requests queue. */
class DuplicateRunRequestsRabbitMqIT extends DuplicateRunRequests {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2, 2)
            .withSchedulerSetting(FAULT, "true");

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
