package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import io.runfleet.wire.Channels;
import io.runfleet.wire.rabbitmq.BrokerRole;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker users of the three roles, with exactly the documented permissions, against the real broker: each
 * service's user declares its part of the topology and an agent's user finds what it needs, but an agent's user
 * cannot put a completion event where the scheduler reads completions, nor read results, and the results
 * service's user cannot publish run requests. Every refusal is the broker's own ({@code ACCESS_REFUSED}, or
 * an unroutable message), checked against the queue that must not have received anything.
 */
class RabbitMqPermissionsIT {

    private static final RabbitMqTopology TOPOLOGY = RabbitMqTopology.defaults();
    private static final String RUN_COMPLETED = TOPOLOGY.queueOf(Channels.RUN_COMPLETED);
    private static final String RUN_RESULTS = TOPOLOGY.queueOf(Channels.RUN_RESULTS);
    private static final String RUN_REQUESTS = TOPOLOGY.queueOf(Channels.RUN_REQUESTS);
    private static final int ACCESS_REFUSED = 403;
    private static final int NO_ROUTE = 312;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] FORGED = "{\"forged\": true}".getBytes(StandardCharsets.UTF_8);

    private static RabbitMqBroker broker;

    @BeforeAll
    static void eachRoleSetsUpItsPartAsItsOwnUser() throws Exception {
        broker = RabbitMqBroker.createFreshVirtualHost();
        // the order the services may start in: the results service expects the scheduler's completion queue
        for (BrokerRole role : List.of(BrokerRole.SCHEDULER, BrokerRole.RESULTS, BrokerRole.AGENT)) {
            try (Connection connection = open(role)) {
                TOPOLOGY.declareAndExpect(connection.createChannel(), role);
            }
        }
    }

    @AfterAll
    static void deleteVirtualHostAndUsers() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void emptyQueues() {
        // as guest: whatever a test left must not count in the next one
        RabbitMqBroker.rabbitmqctl("purge_queue", "-p", broker.virtualHost(), RUN_COMPLETED);
        RabbitMqBroker.rabbitmqctl("purge_queue", "-p", broker.virtualHost(), RUN_RESULTS);
        RabbitMqBroker.rabbitmqctl("purge_queue", "-p", broker.virtualHost(), RUN_REQUESTS);
    }

    @Test
    void theServicesUsersDeclaredEveryQueueAndAnAgentsUserBindsItsOwnCancelQueue() throws Exception {
        assertThat(broker.queueNames()).containsExactlyInAnyOrder(RUN_REQUESTS, TOPOLOGY.queueOf(Channels.AGENT_REPORTS),
                RUN_RESULTS, RUN_COMPLETED, TOPOLOGY.deadLetterQueue(), TOPOLOGY.queueOf(Channels.RUN_DEAD_LETTERS),
                TOPOLOGY.queueOf(Channels.STUDY_EVENTS));
        try (Connection connection = open(BrokerRole.AGENT)) {
            Channel channel = connection.createChannel();
            // what the agent's cancel channel does: a server-named, exclusive queue bound to the control exchange
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, TOPOLOGY.controlExchange(), "");
            channel.basicConsume(queue, true, new DefaultConsumer(channel));
            assertThat(queue).startsWith("amq.gen-");
            assertThat(broker.queueNames()).contains(queue);
        }
    }

    @Test
    void anAgentCannotPublishACompletionEventWhereTheSchedulerReadsThem() throws Exception {
        String resultsExchange = TOPOLOGY.exchangeOf(BrokerRole.RESULTS);
        AMQP.Channel.Close toResultsExchange = refused(BrokerRole.AGENT,
                channel -> channel.basicPublish(resultsExchange, Channels.RUN_COMPLETED, true, null, FORGED));
        assertRefused(toResultsExchange, "exchange '" + resultsExchange + "'");
        AMQP.Channel.Close toDefaultExchange = refused(BrokerRole.AGENT,
                channel -> channel.basicPublish("", RUN_COMPLETED, true, null, FORGED));
        assertRefused(toDefaultExchange, "exchange 'amq.default'");

        // its own exchange takes the message, but routes run-completed nowhere: no binding exists for it there
        assertThat(publishConfirmed(BrokerRole.AGENT, TOPOLOGY.exchangeOf(BrokerRole.AGENT), Channels.RUN_COMPLETED))
                .as("replies to the agent's run-completed on its own exchange").containsExactly(NO_ROUTE);
        // the control: the same user's result on the same exchange does arrive
        assertThat(publishConfirmed(BrokerRole.AGENT, TOPOLOGY.exchangeOf(BrokerRole.AGENT), Channels.RUN_RESULTS))
                .as("replies to the agent's run-results").isEmpty();
        await("the agent's result in " + RUN_RESULTS).atMost(Duration.ofSeconds(30))
                .until(() -> readyIn(RUN_RESULTS) == 1);

        assertThat(readyIn(RUN_COMPLETED)).as("messages in %s after the agent's attempts", RUN_COMPLETED).isZero();
    }

    @Test
    void anAgentCannotReadResults() throws Exception {
        assertThat(publishConfirmed(BrokerRole.AGENT, TOPOLOGY.exchangeOf(BrokerRole.AGENT), Channels.RUN_RESULTS))
                .isEmpty();
        await("a result in " + RUN_RESULTS).atMost(Duration.ofSeconds(30)).until(() -> readyIn(RUN_RESULTS) == 1);

        String denied = "queue '" + RUN_RESULTS + "'";
        assertRefused(refused(BrokerRole.AGENT, channel -> channel.basicGet(RUN_RESULTS, true)), denied);
        assertRefused(refused(BrokerRole.AGENT,
                channel -> channel.basicConsume(RUN_RESULTS, true, new DefaultConsumer(channel))), denied);
        assertRefused(refused(BrokerRole.AGENT, channel -> channel.queuePurge(RUN_RESULTS)), denied);
        assertRefused(refused(BrokerRole.AGENT, channel -> channel.queueDelete(RUN_RESULTS)), denied);
        assertThat(readyIn(RUN_RESULTS)).as("the result is still in %s", RUN_RESULTS).isEqualTo(1);

        // the control: the agent's user reads the queue it is meant to read
        publishConfirmed(BrokerRole.SCHEDULER, TOPOLOGY.exchangeOf(BrokerRole.SCHEDULER), Channels.RUN_REQUESTS);
        try (Connection connection = open(BrokerRole.AGENT)) {
            Channel channel = connection.createChannel();
            await("a run request for the agent").atMost(Duration.ofSeconds(30))
                    .until(() -> channel.basicGet(RUN_REQUESTS, true) != null);
        }
    }

    @Test
    void theResultsServiceCannotPublishRunRequestsNorTheSchedulerReadResults() throws Exception {
        String schedulerExchange = TOPOLOGY.exchangeOf(BrokerRole.SCHEDULER);
        assertRefused(refused(BrokerRole.RESULTS,
                        channel -> channel.basicPublish(schedulerExchange, Channels.RUN_REQUESTS, true, null, FORGED)),
                "exchange '" + schedulerExchange + "'");
        assertRefused(refused(BrokerRole.SCHEDULER, channel -> channel.basicGet(RUN_RESULTS, true)),
                "queue '" + RUN_RESULTS + "'");
        assertThat(readyIn(RUN_REQUESTS)).as("messages in %s", RUN_REQUESTS).isZero();
    }

    @Test
    void theSchedulersUserDeclaresAndDeletesAPoolsQueueWhichAnAgentsUserReadsButCannotDelete() throws Exception {
        String pool = "study-7f3a";
        String poolQueue = TOPOLOGY.poolQueueOf(pool);
        try (Connection scheduler = open(BrokerRole.SCHEDULER)) {
            // what PoolQueues does before the pool's first request
            TOPOLOGY.declarePool(scheduler.createChannel(), pool);
            assertThat(broker.queueNames()).contains(poolQueue);
            assertThat(publishConfirmed(BrokerRole.SCHEDULER, TOPOLOGY.exchangeOf(BrokerRole.SCHEDULER),
                    TOPOLOGY.poolRoutingKeyOf(pool))).as("replies to the scheduler's request of the pool").isEmpty();

            assertRefused(refused(BrokerRole.AGENT, channel -> channel.queueDelete(poolQueue)),
                    "queue '" + poolQueue + "'");
            assertRefused(refused(BrokerRole.RESULTS, channel -> channel.basicGet(poolQueue, true)),
                    "queue '" + poolQueue + "'");
            try (Connection connection = open(BrokerRole.AGENT)) {
                Channel channel = connection.createChannel();
                await("the pool's request for the pool's agent").atMost(Duration.ofSeconds(30))
                        .until(() -> channel.basicGet(poolQueue, true) != null);
            }

            // what PoolQueues does when the pool's study has ended
            scheduler.createChannel().queueDelete(poolQueue);
            assertThat(broker.queueNames()).doesNotContain(poolQueue);
        } finally {
            // as guest, in every case (deleting a queue that is gone is a no-op): the other tests count the queues
            try (Connection guest = broker.connectionFactory().newConnection("permissions-cleanup")) {
                guest.createChannel().queueDelete(poolQueue);
            }
        }
    }

    @Test
    void aProcessWhoseUserLacksAGrantIsToldWhichPermissionItNeeds() throws Exception {
        try (Connection connection = open(BrokerRole.AGENT)) {
            // an agent's user cannot do what the results service does at start
            assertThatThrownBy(() -> TOPOLOGY.declareAndExpect(connection.createChannel(), BrokerRole.RESULTS))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused to declare exchange runfleet.from-results")
                    .hasMessageContaining("ACCESS_REFUSED")
                    .hasMessageContaining("this needs configure on runfleet.from-results");
        }
    }

    /** Runs {@code action} as the role's user and returns the broker's reason for closing the channel over it. */
    private static AMQP.Channel.Close refused(BrokerRole role, ChannelAction action) throws Exception {
        try (Connection connection = open(role)) {
            Channel channel = connection.createChannel();
            try {
                action.run(channel);
                // a round trip: a publish is refused asynchronously, and the refusal arrives before this answer
                channel.queueDeclarePassive(TOPOLOGY.deadLetterQueue());
            } catch (IOException | AlreadyClosedException expected) {
                // the broker closed the channel; its reason is read below
            }
            ShutdownSignalException signal = channel.getCloseReason();
            assertThat(signal).as("the broker's refusal of the %s user's action", role.key()).isNotNull();
            return (AMQP.Channel.Close) signal.getReason();
        }
    }

    /** Refused by the broker for lack of a permission on {@code resource}, e.g. {@code queue 'runfleet.x'}. */
    private static void assertRefused(AMQP.Channel.Close close, String resource) {
        assertThat(close.getReplyCode()).as("reply code of %s", close.getReplyText()).isEqualTo(ACCESS_REFUSED);
        // the broker names the resource, not which of configure, write or read was missing
        assertThat(close.getReplyText()).contains("ACCESS_REFUSED", "access to " + resource);
    }

    /** Publishes with confirms and the mandatory flag; returns the reply codes of messages handed back unroutable. */
    private static List<Integer> publishConfirmed(BrokerRole role, String exchange, String routingKey)
            throws IOException, TimeoutException, InterruptedException {
        List<Integer> returned = new CopyOnWriteArrayList<>();
        try (Connection connection = open(role)) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.addReturnListener(message -> returned.add(message.getReplyCode()));
            channel.basicPublish(exchange, routingKey, true, null, FORGED);
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        }
        // a return comes before the confirm of the same message
        return returned;
    }

    /** Ready messages, counted as guest. */
    private static long readyIn(String queue) {
        return broker.queueMessageCounts().getOrDefault(queue, -1L);
    }

    private static Connection open(BrokerRole role) throws IOException, TimeoutException {
        return broker.connectionFactory(role).newConnection("permissions-" + role.key());
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }
}
