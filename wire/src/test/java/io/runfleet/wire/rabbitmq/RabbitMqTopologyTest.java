package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.runfleet.wire.testing.RabbitMqBroker;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each role's part of the topology against the RabbitMQ running here (as guest, under a prefix of the test's
 * own): a role that uses another's queue waits for it instead of publishing into nothing, and a refusal by the
 * broker is told apart from a part not declared yet.
 */
class RabbitMqTopologyTest {

    private final String prefix = "runfleet.test-topology-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final RabbitMqTopology topology = RabbitMqTopology.prefixed(prefix, 5);
    private RabbitMqBroker broker;
    private BrokerConnections connections;

    @BeforeEach
    void connect() {
        broker = RabbitMqBroker.connect();
        connections = new BrokerConnections(env("RABBITMQ_HOST", "127.0.0.1"),
                Integer.parseInt(env("RABBITMQ_PORT", "5672")), env("RABBITMQ_USERNAME", "guest"),
                env("RABBITMQ_PASSWORD", "guest"), "/", false, Optional.empty(), Optional.empty(),
                true, 1);
    }

    @AfterEach
    void deleteTopology() throws Exception {
        broker.deleteTopology(prefix);
        broker.close();
    }

    @Test
    void theResultsServiceWaitsForTheSchedulersCompletionQueueAndAnAgentForBothServices() throws Exception {
        TopologySteps.TopologyStepException results = setUpFailure(BrokerRole.RESULTS);
        assertThat(results.waitable()).as("waitable: %s", results.getMessage()).isTrue();
        assertThat(results).hasMessageContaining("queue " + prefix + "run-completed does not exist yet")
                .hasMessageContaining("declared by scheduler");
        TopologySteps.TopologyStepException agent = setUpFailure(BrokerRole.AGENT);
        assertThat(agent.waitable()).as("waitable: %s", agent.getMessage()).isTrue();

        setUp(BrokerRole.SCHEDULER);
        setUp(BrokerRole.RESULTS);
        setUp(BrokerRole.AGENT);
        assertThat(broker.readyCount(topology.queueOf("run-results"))).isZero();
    }

    @Test
    void aQueueDeclaredEarlierWithOtherArgumentsIsARefusalNotSomethingToWaitFor() throws Exception {
        setUp(BrokerRole.SCHEDULER);
        RabbitMqTopology otherLimit = RabbitMqTopology.prefixed(prefix, 7);
        try (Connection connection = connections.open("test topology")) {
            // not closed by the test: the broker closes it over the refusal
            Channel channel = connection.createChannel();
            TopologySteps.TopologyStepException refused = catchThrowableOfType(TopologySteps.TopologyStepException.class,
                    () -> otherLimit.declareAndExpect(channel, BrokerRole.SCHEDULER));
            assertThat(refused.waitable()).isFalse();
            assertThat(refused).hasMessageContaining("refused to declare queue " + prefix + "run-requests")
                    .hasMessageContaining("PRECONDITION_FAILED");
        }
    }

    private void setUp(BrokerRole role) throws Exception {
        try (Connection connection = connections.open("test topology"); Channel channel = connection.createChannel()) {
            topology.declareAndExpect(channel, role);
        }
    }

    private TopologySteps.TopologyStepException setUpFailure(BrokerRole role) throws Exception {
        try (Connection connection = connections.open("test topology")) {
            Channel channel = connection.createChannel();
            return catchThrowableOfType(TopologySteps.TopologyStepException.class,
                    () -> topology.declareAndExpect(channel, role));
        } catch (IOException e) {
            throw new AssertionError("the connection failed instead of the set-up of the " + role.key(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
