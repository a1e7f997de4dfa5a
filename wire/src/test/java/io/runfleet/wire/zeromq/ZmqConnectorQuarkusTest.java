package io.runfleet.wire.zeromq;

import io.runfleet.wire.testing.ManualSubscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector inside a Quarkus application, wired by configuration alone, as an agent uses it:
 * an own subscriber on {@code @Channel("run-requests")} whose demand becomes credit, and an
 * {@code Emitter} on {@code agent-reports} whose send completes when the router side acks. The
 * scheduler's side is a plain connector instance in the test.
 */
@QuarkusTest
@TestProfile(ZmqConnectorQuarkusTest.AgentProfile.class)
class ZmqConnectorQuarkusTest {

    // Quarkus loads this class twice (test and application class loaders): a system property keeps one port
    static final int SCHEDULER_PORT = Integer.parseInt(System.getProperties()
            .computeIfAbsent("runfleet.test.scheduler-port", key -> String.valueOf(freePort())).toString());

    @Inject
    Agent agent;

    private final ZmqConnector scheduler = TestCurve.connector();

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    @Test
    void demandThroughSmallRyeBecomesCreditAndEmitterSendsAreAcked() throws Exception {
        QueuePublisher requests = QueuePublisher.into(scheduler.getSubscriber(new MapConfig(Map.of(
                "channel-name", "run-requests", "socket", "router", "endpoint", endpoint(),
                "heartbeat-interval", "100", "heartbeat-timeout", "600"))));
        List<String> reports = new CopyOnWriteArrayList<>();
        ManualSubscriber reportsIn = ManualSubscriber.on(scheduler.getPublisher(new MapConfig(Map.of(
                "channel-name", "agent-reports", "socket", "router", "endpoint", endpoint(),
                "heartbeat-interval", "100", "heartbeat-timeout", "600"))), message -> {
                    reports.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                    message.ack();
                });
        reportsIn.request(Long.MAX_VALUE);
        List<QueuePublisher.Tracked> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(requests.emit("run-" + i));
        }

        // The agent is still inside onNext for run-0: its demand of 2 must have reached the dealer as a
        // credit of 2 at once, not one message at a time, so run-1 leaves the router meanwhile.
        await().until(() -> sent.get(1).acked().isDone());
        assertThat(agent.received()).containsExactly("run-0");
        agent.finishFirst();
        await().until(() -> agent.received().size() == 2);
        Thread.sleep(400);
        assertThat(agent.received()).containsExactly("run-0", "run-1");
        assertThat(sent.get(2).acked()).as("a third run without a free slot").isNotDone();

        agent.freeOneSlot();
        await().until(() -> agent.received().size() == 3);
        assertThat(agent.received()).containsExactly("run-0", "run-1", "run-2");

        agent.report("STARTED run-0").toCompletableFuture().get();
        assertThat(reports).containsExactly("STARTED run-0");
    }

    static String endpoint() {
        return "tcp://127.0.0.1:" + SCHEDULER_PORT;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** An agent with two slots: it asks for two runs at start and one more when a slot frees. */
    @ApplicationScoped
    static class Agent {

        final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch firstFinished = new CountDownLatch(1);
        private volatile Flow.Subscription subscription;

        // raw on purpose, as in the worker agent: a payload-typed Multi<Message<byte[]>> gets SmallRye's
        // payload converter, which asks upstream for one message at a time whatever the demand
        @Inject
        @Channel("run-requests")
        @SuppressWarnings("rawtypes")
        Multi<Message> requests;

        @Inject
        @Channel("agent-reports")
        Emitter<byte[]> reports;

        @SuppressWarnings({"rawtypes", "unchecked"})
        void start(@Observes io.quarkus.runtime.StartupEvent event) {
            ((Multi<Message<byte[]>>) (Multi) requests).subscribe().withSubscriber(new Flow.Subscriber<Message<byte[]>>() {
                @Override
                public void onSubscribe(Flow.Subscription incoming) {
                    subscription = incoming;
                    incoming.request(2);
                }

                @Override
                public void onNext(Message<byte[]> message) {
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                    message.ack();
                    if (received.size() == 1) {
                        awaitFirstFinished();
                    }
                }

                @Override
                public void onError(Throwable failure) {
                }

                @Override
                public void onComplete() {
                }
            });
        }

        // read through a method: the test holds a client proxy, whose own fields are never filled
        List<String> received() {
            return received;
        }

        /** Lets onNext of the first message return (it stays busy with it until then). */
        void finishFirst() {
            firstFinished.countDown();
        }

        private void awaitFirstFinished() {
            try {
                if (!firstFinished.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the first message finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void freeOneSlot() {
            subscription.request(1);
        }

        CompletionStage<Void> report(String text) {
            return reports.send(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The agent's channels on the ZeroMQ connector, pointed at the test's scheduler port. */
    public static class AgentProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String endpoint = endpoint();
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "mp.messaging.incoming.run-requests.connector", ZmqConnector.NAME,
                    "mp.messaging.incoming.run-requests.socket", "dealer",
                    "mp.messaging.incoming.run-requests.endpoint", endpoint,
                    "mp.messaging.incoming.run-requests.heartbeat-interval", "100",
                    "mp.messaging.incoming.run-requests.heartbeat-timeout", "600",
                    "mp.messaging.outgoing.agent-reports.connector", ZmqConnector.NAME,
                    "mp.messaging.outgoing.agent-reports.socket", "dealer",
                    "mp.messaging.outgoing.agent-reports.endpoint", endpoint,
                    "mp.messaging.outgoing.agent-reports.heartbeat-interval", "100",
                    "mp.messaging.outgoing.agent-reports.heartbeat-timeout", "600"));
            // the agent's CurveZMQ keys as an agent elsewhere gets them: inline, and the scheduler's public key
            config.put(CurveSettings.PUBLIC_KEY, TestCurve.PAIR.publicKey());
            config.put(CurveSettings.SECRET_KEY, TestCurve.PAIR.secretKey());
            config.put(CurveSettings.SCHEDULER_KEY, TestCurve.PAIR.publicKey());
            return config;
        }
    }
}
