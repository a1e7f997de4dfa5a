package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose request or result the broker dead-letters (RabbitMQ): the scheduler reads its copy of each dead letter
 * and ends the run with the reason, where it used to wait for a lease that never ran out (a request: DISPATCHED for
 * good) or count the attempt lost (a result refused for good). No agent runs between the tests, so a request waits
 * in its queue for whoever the test starts.
 */
class DeadLettersRabbitMqIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** As {@link ResultRefusalIT} over ZeroMQ: the agent's send completed at the broker's confirm, before the refusal. */
    @Test
    void aResultRefusedForGoodFailsItsRunAtOnceWithTheRefusalsReason(@TempDir Path scratch) {
        ResultRefusalIT.refusedResultFailsItsRunAtOnce(SYSTEM, scratch);
    }

    /**
     * An agent takes the run's request and vanishes before claiming it, until the broker dead-letters the request at
     * its delivery limit: the run FAILS saying so, the study ends, and the operators' copy is in the dead-letter
     * queue. Nothing executed it.
     */
    @Test
    void aRequestDeadAtTheDeliveryLimitFailsItsRunAndTheStudyEnds(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "dead-request", 1, executions, "true", "{retries: 2, crashLimit: 2}");
        long deadLettersBefore = deadLetters();

        int taken = SYSTEM.broker().takeAndVanish("runfleet.run-requests",
                () -> !"DISPATCHED".equals(onlyRun(studyId).path("state").asText()));

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        JsonNode run = onlyRun(studyId);
        assertThat(run.path("state").asText()).as("state of %s", run).isEqualTo("FAILED");
        assertThat(run.path("error").asText()).as("reason of %s", run)
                .startsWith("run request dead-lettered: delivery limit reached")
                .contains("agents crashed or vanished on it");
        assertThat(run.path("attempt").asInt()).as("attempts of %s: not sent again", run).isEqualTo(1);
        assertThat(study.path("counts").path("FAILED").asInt()).as("counts of %s", study).isEqualTo(1);
        assertThat(taken).as("deliveries the vanishing agent took").isGreaterThan(5);
        assertThat(executions.perRun()).as("executions").isEmpty();
        assertThat(deadLetters()).as("requests in runfleet.dead-letter for operators").isEqualTo(deadLettersBefore + 1);
        // The broker settles a message it dead-letters a moment after the copy arrives (and the scheduler acts on
        // it): the counts are awaited, not read once.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(SYSTEM.broker().queueMessageCounts())
                .as("queues of vhost %s", SYSTEM.broker().virtualHost())
                .containsEntry("runfleet.run-dead-letters", 0L).containsEntry("runfleet.run-requests", 0L));
    }

    /**
     * The run's request, rewritten in its queue as a newer scheduler's (schema version 99): the agent that takes it
     * cannot read it and dead-letters it with its reason, and the run FAILS naming the agent and the reason.
     */
    @Test
    void aRequestAnAgentCannotReadFailsItsRunWithTheAgentsReason(@TempDir Path scratch) throws Exception {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "unreadable-request", 1, executions, "true", "{retries: 2}");
        SYSTEM.broker().rewriteQueued("runfleet.run-requests", "runfleet.from-scheduler", "run-requests",
                DeadLettersRabbitMqIT::fromANewerScheduler);

        ServiceProcess agent = SYSTEM.startAnotherAgent(1);
        try {
            SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
            JsonNode run = onlyRun(studyId);
            assertThat(run.path("state").asText()).as("state of %s", run).isEqualTo("FAILED");
            assertThat(run.path("error").asText()).as("reason of %s", run).startsWith("run request refused by ")
                    .contains("schema version 99");
            assertThat(run.path("attempt").asInt()).as("attempts of %s", run).isEqualTo(1);
            assertThat(executions.perRun()).as("executions").isEmpty();
        } finally {
            agent.stop();
        }
    }

    private static byte[] fromANewerScheduler(byte[] request) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(request);
            json.put("schemaVersion", 99);
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the queued run request is not JSON", e);
        }
    }

    private static JsonNode onlyRun(String studyId) {
        return SYSTEM.scheduler().runs(studyId).get(0);
    }

    private static long deadLetters() {
        return SYSTEM.broker().queueMessageCounts().getOrDefault("runfleet.dead-letter", 0L);
    }
}
