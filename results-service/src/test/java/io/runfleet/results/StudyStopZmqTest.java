package io.runfleet.results;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.security.CurveKeyring;
import io.runfleet.wire.zeromq.ZmqTestProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The results service's {@code study-events} channel on the real ZeroMQ transport, configured as in production (its
 * router, CurveZMQ with the keyring's keys, role scheduler): a stop the scheduler's key sends is acknowledged once
 * stored and becomes the study's next event.
 */
@QuarkusTest
@TestProfile(StudyStopZmqTest.OverZeroMq.class)
class StudyStopZmqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Fresh keys and a free port per run; the test reads them back from the configuration, not from fields here. */
    public static class OverZeroMq implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.study-events.connector", "smallrye-zeromq",
                    "runfleet.results.zmq-bind", ZmqTestProcess.freeLoopbackEndpoint(),
                    "runfleet.security.curve.dir", ZmqTestProcess.temporaryKeyring().toString());
        }
    }

    @ConfigProperty(name = "runfleet.results.zmq-bind")
    String router;

    @ConfigProperty(name = "runfleet.security.curve.dir")
    String keyring;

    @Test
    void theSchedulersStopIsAcknowledgedOnceStoredAsTheStudysNextEvent() throws Exception {
        String study = "zmq-stop-" + UUID.randomUUID();
        byte[] stop = WireCodec.encode(new StudyStopped(WireMessage.SCHEMA_VERSION, study, "converged",
                Instant.parse("2026-12-07T01:30:00Z")));

        try (ZmqTestProcess scheduler = ZmqTestProcess.with(Map.of("runfleet.security.curve.identity",
                CurveKeyring.SCHEDULER, "runfleet.security.curve.dir", keyring))) {
            scheduler.sendThroughDealer("study-events", router, stop).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        JsonPath page = given().when().get("/studies/{id}/results?afterSeq=0", study)
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("events.type", String.class)).containsExactly("study.stopped");
        assertThat(page.getInt("events[0].studySeq")).isEqualTo(1);
        assertThat(page.getString("events[0].reason")).isEqualTo("converged");
    }
}
