package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.wire.Channels;
import io.runfleet.wire.security.CurveKeyring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs waiting for agents over ZeroMQ: a request's claim lease starts only when the router hands it to an agent.
 * Requests still in the router when the scheduler is killed die with it, so the restarted scheduler dispatches
 * them again as new attempts (attempt 2); a request it had handed over is never sent again for the same attempt.
 */
@SideLane
class WaitingForAgentsIT extends WaitingForAgents {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents()
            .withSchedulerSetting(CLAIM_TIMEOUT_KEY, CLAIM_TIMEOUT.toSeconds() + "s");

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    @Override
    int handedOverWithoutAgents(int runs) {
        return 0;
    }

    @Override
    int attemptAfterRestart() {
        return 2;
    }

    /**
     * An agent that takes a request and goes silent (a raw dealer), then a {@code kill -9} of the scheduler before
     * anything was claimed: the restarted scheduler must not send that attempt to another agent, since the silent
     * one may be running it. The run executes once, on the real agent, as attempt 2.
     */
    @Test
    @Order(3)
    void aRequestHandedToAnAgentBeforeTheSchedulerDiedIsNeverSentAgainForTheSameAttempt(@TempDir Path scratch)
            throws Exception {
        ExecutionLog executions = ExecutionLog.in(scratch);
        try (RawDealer silentAgent = SYSTEM.rawDealerAtScheduler(CurveKeyring.AGENT)) {
            silentAgent.hello(Duration.ofMinutes(1));
            silentAgent.helloAndCredit(Channels.RUN_REQUESTS, 1);
            // submitted once the silent agent has credit: its request goes to it at once, well within a claim lease
            String studyId = submit("handed-over-then-killed", 1, executions);
            List<String> taken = silentAgent.awaitCommand("MSG", null, Duration.ofMinutes(1));
            assertThat(taken).as("a run request handed to the silent agent").isNotNull();
            JsonNode request = new ObjectMapper().readTree(taken.get(2));
            assertThat(request.path("attempt").asInt()).as("attempt handed to the silent agent").isEqualTo(1);

            SYSTEM.killScheduler();
            SYSTEM.startSchedulerAgain();
            withAgents(1, () -> finishOnce(studyId, 1, executions, "a request handed over, then the scheduler killed",
                    2));
            assertThat(executions.lines()).as("executions").noneMatch(line -> line.endsWith(" 1"));
        }
    }
}
