package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.wire.Identifiers;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.messaging.UndeliverableException;
import io.runfleet.wire.zeromq.RefusedByReceiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What the agent tells the scheduler about a result that was not stored, and the agent ids it accepts. */
class UndeliveredResultsTest {

    private static final RunRef RUN = new RunRef("run-1", 2);

    private final List<String> reports = new ArrayList<>();
    private final UndeliveredResults undelivered = new UndeliveredResults(new ReportSender(null, null) {
        @Override
        public CompletionStage<Void> resultRefused(RunRef run, String reason) {
            reports.add("refused " + run.runId() + ": " + reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> resultUndeliverable(RunRef run, String reason) {
            reports.add("undeliverable " + run.runId() + ": " + reason);
            return CompletableFuture.completedFuture(null);
        }
    });

    @Test
    void aRefusalForGoodAndAnUndeliverableResultAreReportedWithTheirReasons() {
        undelivered.report(RUN, new RefusedByReceiverException("run-results", "7", "Zero bytes may not occur"));
        undelivered.report(RUN, new CompletionException(new UndeliverableException("no answer within 1000 ms")));

        assertThat(reports).containsExactly(
                "refused run-1: channel 'run-results' message 7 refused by the receiver: Zero bytes may not occur",
                "undeliverable run-1: no answer within 1000 ms");
    }

    @Test
    void anyOtherFailureIsLeftToTheLease() {
        undelivered.report(RUN, new IllegalStateException("transport closed before it was acknowledged"));
        assertThat(reports).isEmpty();
    }

    @Test
    void anAgentIdOverTheWiresLimitIsRefusedAtStartNamingTheSetting() {
        String longest = "a".repeat(Identifiers.MAX_LENGTH);
        assertThat(AgentIdentity.checked(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> AgentIdentity.checked(longest + "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runfleet.agent.id has 256 characters; identifiers may have at most 255")
                .hasMessageContaining("RUNFLEET_AGENT_ID");
    }
}
