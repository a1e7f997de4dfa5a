package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.security.CurveKeyring;
import io.runfleet.wire.zeromq.ZmqTestProcess;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@link StudyStoppedPublisher} over the real ZeroMQ transport, configured as in production (a dealer to the results
 * service's router, CurveZMQ with the keyring's keys): a stop sent while the results service is down reaches it once
 * it is up, through a router that lets in only the scheduler's role.
 */
@QuarkusTest
@TestProfile(StudyStoppedPublisherZmqTest.OverZeroMq.class)
class StudyStoppedPublisherZmqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Fresh keys and a free port per run; the test reads them back from the configuration, not from fields here. */
    public static class OverZeroMq implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String resultsEndpoint = ZmqTestProcess.freeLoopbackEndpoint();
            Path keyring = ZmqTestProcess.temporaryKeyring();
            return Map.of("mp.messaging.outgoing.study-events.connector", "smallrye-zeromq",
                    "mp.messaging.outgoing.study-events.heartbeat-interval", "100",
                    "mp.messaging.outgoing.study-events.heartbeat-timeout", "600",
                    "runfleet.scheduler.results-endpoint", resultsEndpoint,
                    "runfleet.security.curve.dir", keyring.toString());
        }
    }

    @Inject
    StudyStoppedPublisher publisher;

    @ConfigProperty(name = "runfleet.scheduler.results-endpoint")
    String resultsEndpoint;

    @ConfigProperty(name = "runfleet.security.curve.dir")
    String keyring;

    @Test
    void aStopSentWhileTheResultsServiceIsDownReachesItOnceItIsUp() {
        Instant before = Instant.now();
        publisher.stopped("study-zmq-1", "budget exhausted");

        try (ZmqTestProcess results = ZmqTestProcess.with(Map.of("runfleet.security.curve.identity",
                CurveKeyring.RESULTS, "runfleet.security.curve.dir", keyring))) {
            List<byte[]> router = results.ackingRouter("study-events", resultsEndpoint, "scheduler");

            await().atMost(PATIENCE).until(() -> !router.isEmpty());
            StudyStopped stop = WireCodec.decode(router.get(0), StudyStopped.class);
            assertThat(stop.studyId()).isEqualTo("study-zmq-1");
            assertThat(stop.reason()).isEqualTo("budget exhausted");
            assertThat(stop.stoppedAt()).isBetween(before, Instant.now());
        }
    }
}
