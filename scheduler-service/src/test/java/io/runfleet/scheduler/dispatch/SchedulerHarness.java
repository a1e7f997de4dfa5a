package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Plays agents and the results service against the scheduler through the in-memory channels. */
@ApplicationScoped
public class SchedulerHarness {

    private static final AtomicLong EVENT_IDS = new AtomicLong();

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    public String submit(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(201).extract().path("id");
    }

    public JsonPath summary(String studyId) {
        return given().when().get("/studies/" + studyId).then().statusCode(200).extract().jsonPath();
    }

    public JsonPath run(String studyId, long seq) {
        return JsonPath.from(given().queryParam("limit", 1).queryParam("afterSeq", seq - 1)
                .when().get("/studies/" + studyId + "/runs").then().statusCode(200).extract().asString())
                .setRootPath("[0]");
    }

    public InMemorySink<byte[]> requestSink() {
        return connector.sink(Channels.RUN_REQUESTS);
    }

    /** Run requests published so far for one study, in publishing order. */
    public List<RunRequest> requests(String studyId) {
        return connector.<byte[]>sink(Channels.RUN_REQUESTS).received().stream()
                .map(message -> WireCodec.decode(message.getPayload(), RunRequest.class))
                .filter(request -> request.studyId().equals(studyId))
                .toList();
    }

    public Acks report(AgentReport.Kind kind, RunRef... runs) {
        return send(Channels.AGENT_REPORTS, new AgentReport(WireMessage.SCHEMA_VERSION, kind, "agent-1", "node-7",
                Instant.now(), List.of(runs), kind == AgentReport.Kind.RELEASED ? "draining" : null));
    }

    /** A report from an agent of the given id, with a reason (RELEASED, RESULT_REFUSED, RESULT_UNDELIVERABLE). */
    public Acks report(String agentId, AgentReport.Kind kind, String reason, RunRef... runs) {
        return send(Channels.AGENT_REPORTS, new AgentReport(WireMessage.SCHEMA_VERSION, kind, agentId, "node-7",
                Instant.now(), List.of(runs), reason));
    }

    /** A result stored by the results service for an attempt that the given agent ran. */
    public Acks succeededOn(String agentId, RunRequest request) {
        return send(Channels.RUN_COMPLETED, new RunCompleted(WireMessage.SCHEMA_VERSION, EVENT_IDS.incrementAndGet(),
                request.studyId(), request.runId(), request.seq(), request.attempt(), RunOutcome.SUCCEEDED, 0,
                java.util.Map.of(), null, agentId, "node-7", Instant.now(), Instant.now()));
    }

    public Acks complete(RunRequest request, RunOutcome outcome, Integer exitCode) {
        return complete(request.studyId(), request.ref(), request.seq(), outcome, exitCode);
    }

    public Acks complete(String studyId, RunRef ref, long seq, RunOutcome outcome, Integer exitCode) {
        return complete(studyId, ref, seq, outcome, exitCode, java.util.Map.of());
    }

    /** A result with the outputs the run produced. */
    public Acks succeeded(RunRequest request, java.util.Map<String, Object> outputs) {
        return complete(request.studyId(), request.ref(), request.seq(), RunOutcome.SUCCEEDED, 0, outputs);
    }

    public Acks complete(String studyId, RunRef ref, long seq, RunOutcome outcome, Integer exitCode,
                         java.util.Map<String, Object> outputs) {
        return send(Channels.RUN_COMPLETED, new RunCompleted(WireMessage.SCHEMA_VERSION, EVENT_IDS.incrementAndGet(),
                studyId, ref.runId(), seq, ref.attempt(), outcome, exitCode, outputs,
                outcome == RunOutcome.SUCCEEDED ? null : "exit code " + exitCode, "agent-1", "node-7",
                Instant.now(), Instant.now()));
    }

    public Acks sendRaw(String channel, byte[] payload) {
        Acks acks = new Acks();
        Message<byte[]> message = Message.of(payload)
                .withAck(() -> {
                    acks.acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    acks.nacked.complete(reason);
                    return CompletableFuture.completedFuture(null);
                });
        connector.<Object>source(channel).send(message);
        return acks;
    }

    private Acks send(String channel, WireMessage payload) {
        return sendRaw(channel, WireCodec.encode(payload));
    }

    public Instant leaseDeadline(String runId) throws SQLException {
        return instant("lease_deadline", runId);
    }

    /** When the transport took the run's current request; null while it waits for an agent. */
    public Instant handedOverAt(String runId) throws SQLException {
        return instant("handed_over_at", runId);
    }

    /** Unrecords the hand-over of the run's request, as if the process had died before recording it. */
    public void forgetHandOver(String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE scheduler.run SET handed_over_at = NULL, lease_deadline = NULL WHERE id = ?")) {
            statement.setString(1, runId);
            statement.executeUpdate();
        }
    }

    /** Every cancel broadcast so far that names one of {@code runIds}. */
    public List<CancelRuns> cancelsNaming(Set<String> runIds) {
        return connector.<byte[]>sink(Channels.AGENT_CONTROL).received().stream()
                .map(message -> WireCodec.decode(message.getPayload(), CancelRuns.class))
                .filter(cancel -> cancel.runs().stream().map(RunRef::runId).anyMatch(runIds::contains))
                .toList();
    }

    private Instant instant(String column, String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + column + " FROM scheduler.run WHERE id = ?")) {
            statement.setString(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                OffsetDateTime value = rows.getObject(1, OffsetDateTime.class);
                return value == null ? null : value.toInstant();
            }
        }
    }

    /**
     * Makes a lease run out now, as if its deadline had passed. The claim lease starts only once the transport has
     * taken the request (handed_over_at, written with the lease by the scheduler loop, possibly after this test saw
     * the request), so it waits for that first: an earlier update would be overwritten by the lease's start.
     */
    public void expireLease(String runId) throws SQLException {
        await().atMost(Duration.ofSeconds(20)).until(() -> expireHandedOverLease(runId));
    }

    private boolean expireHandedOverLease(String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE scheduler.run SET lease_deadline = ? WHERE id = ? AND handed_over_at IS NOT NULL")) {
            statement.setObject(1, OffsetDateTime.now().minusMinutes(1));
            statement.setString(2, runId);
            return statement.executeUpdate() == 1;
        }
    }

    /** How a sent message was settled. */
    public static final class Acks {
        public final CompletableFuture<Void> acked = new CompletableFuture<>();
        public final CompletableFuture<Throwable> nacked = new CompletableFuture<>();
    }
}
