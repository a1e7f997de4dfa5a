package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancels over RabbitMQ: the fanout exchange runfleet.control, with a queue of each agent's own bound to it. */
class CancelRabbitMqIT extends CancelEndToEnd {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    /** Each agent had a server-named queue of its own for cancels, and no consumer refused a message on the way. */
    @Override
    void checkTransportAfter() {
        Map<String, Long> queues = SYSTEM.broker().queueMessageCounts();
        assertThat(queues).as("queues in vhost %s", SYSTEM.broker().virtualHost())
                .containsEntry("runfleet.dead-letter", 0L);
        assertThat(queues.keySet()).filteredOn(name -> name.startsWith("amq.gen-"))
                .as("the agents' cancel queues among %s", queues.keySet()).hasSize(2);
    }
}
