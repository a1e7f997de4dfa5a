package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs waiting for agents over RabbitMQ: the broker keeps each request until an agent's claim is stored, so a
 * request it confirmed has no claim lease, and a restarted scheduler leaves it there (same attempt, sent once).
 */
class WaitingForAgentsRabbitMqIT extends WaitingForAgents {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ)
            .withSchedulerSetting(CLAIM_TIMEOUT_KEY, CLAIM_TIMEOUT.toSeconds() + "s");

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    @Override
    int handedOverWithoutAgents(int runs) {
        return runs;
    }

    @Override
    int attemptAfterRestart() {
        return 1;
    }
}
