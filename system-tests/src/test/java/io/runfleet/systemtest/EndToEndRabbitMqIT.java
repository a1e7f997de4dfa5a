package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grid study end to end over RabbitMQ: every channel through a virtual host of this class's own. */
class EndToEndRabbitMqIT extends GridStudyEndToEnd {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    /** The study really went through the broker, and no consumer refused a message on the way. */
    @Override
    void checkTransportAfter(String studyId) {
        Map<String, Long> queues = SYSTEM.broker().queueMessageCounts();
        assertThat(queues).as("queues in vhost %s", SYSTEM.broker().virtualHost())
                .containsKeys("runfleet.run-requests", "runfleet.agent-reports", "runfleet.run-results",
                        "runfleet.run-completed", "runfleet.dead-letter")
                .containsEntry("runfleet.dead-letter", 0L);
    }
}
