package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.messaging.ReceiverLost;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/design.md, "One live request per run", through the in-memory channels (whose sink acknowledges
 * a request as it takes it, as the ZeroMQ router does when it hands one to an agent).
 */
@QuarkusTest
class OneLiveRequestFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    @Inject
    SchedulerLoop loop;

    @Inject
    RestartRecovery recovery;

    @Test
    void theClaimLeaseStartsWhenTheTransportTakesTheRequest() throws Exception {
        String id = harness.submit("name: hand-over\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);

        await().atMost(PATIENCE).until(() -> harness.handedOverAt(request.runId()) != null);
        Instant handedOver = harness.handedOverAt(request.runId());
        // the test profile's claim timeout
        assertThat(harness.leaseDeadline(request.runId())).isEqualTo(handedOver.plus(Duration.ofMinutes(1)));
        assertThat(harness.run(id, 0).getString("error")).as("reason of a run handed to an agent").isNull();
    }

    @Test
    void aRestartSupersedesOnlyARequestNeverHandedOverAndSendsNoAttemptTwice() throws Exception {
        String id = harness.submit("""
                name: restart-in-flight
                parameters: {points: [{x: 1}, {x: 2}]}
                template: {builtin: noop}
                policy: {maxParallel: 2}
                """);
        List<RunRequest> sent = awaitRequests(id, 2);
        for (RunRequest request : sent) {
            await().atMost(PATIENCE).until(() -> harness.handedOverAt(request.runId()) != null);
        }
        RunRequest atAnAgent = sent.get(0);
        RunRequest diedWithTheProcess = sent.get(1);
        harness.forgetHandOver(diedWithTheProcess.runId());

        loop.submit(recovery::recover).get(10, TimeUnit.SECONDS);

        List<RunRequest> after = awaitRequests(id, 3);
        assertThat(after.get(2).ref()).as("the request that died with the process, dispatched again")
                .isEqualTo(new RunRef(diedWithTheProcess.runId(), 2));
        Thread.sleep(400); // several dispatch rounds: a request that should not come would have come
        assertThat(harness.requests(id)).as("requests: the handed-over attempt never twice").hasSize(3);
        assertThat(harness.run(id, 0).getInt("attempt")).isEqualTo(1);
        assertThat(harness.run(id, 0).getString("state")).isEqualTo("DISPATCHED");
        assertThat(harness.cancelsNaming(Set.of(diedWithTheProcess.runId()))).as("superseded attempt announced once")
                .singleElement().satisfies(cancel -> {
                    // the recovery's cancel may also name runs of this class's other tests that it superseded
                    assertThat(cancel.runs()).contains(diedWithTheProcess.ref());
                    assertThat(cancel.reason()).isEqualTo(CancelReasons.SUPERSEDED);
                });
        assertThat(harness.cancelsNaming(Set.of(atAnAgent.runId()))).isEmpty();
    }

    @Test
    void aClaimOfASupersededAttemptIsAnsweredWithItsCancel() throws Exception {
        String id = harness.submit("name: superseded\ntemplate: {builtin: noop}\n");
        RunRequest first = awaitRequests(id, 1).get(0);
        await().atMost(PATIENCE).until(() -> harness.handedOverAt(first.runId()) != null);
        harness.expireLease(first.runId());
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.attempt()).isEqualTo(2);
        Set<String> run = Set.of(first.runId());
        await().atMost(PATIENCE).until(() -> harness.cancelsNaming(run).size() == 1);

        harness.report(AgentReport.Kind.STARTED, first.ref()).acked.get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> harness.cancelsNaming(run).size() == 2);
        assertThat(harness.cancelsNaming(run)).as("at the supersession, then for the stale claim")
                .allSatisfy(cancel -> {
                    // a sweep's cancel may also name runs of this class's other tests superseded in the same round
                    assertThat(cancel.runs()).contains(first.ref());
                    assertThat(cancel.reason()).isEqualTo(CancelReasons.SUPERSEDED);
                });
        assertThat(harness.run(id, 0).getString("state")).as("the stale claim changes nothing").isEqualTo("DISPATCHED");
        assertThat(harness.run(id, 0).getInt("attempt")).isEqualTo(2);
    }

    @Test
    void aRequestWhoseAgentIsLostBeforeItsClaimIsPendingAgainAtOnceAndItsAttemptSuperseded() throws Exception {
        String id = harness.submit("name: receiver-lost\ntemplate: {builtin: noop}\n");
        RunRequest first = awaitRequests(id, 1).get(0);
        await().atMost(PATIENCE).until(() -> harness.handedOverAt(first.runId()) != null);

        receiverLost(first).lost().accept("Peer(id=a-1) it was handed to said goodbye");

        // the test profile's claim timeout is a minute: the new attempt comes long before it
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.ref()).isEqualTo(new RunRef(first.runId(), 2));
        Set<String> run = Set.of(first.runId());
        await().atMost(PATIENCE).until(() -> harness.cancelsNaming(run).size() == 1);
        // the cancel may also name other runs superseded in the same round
        assertThat(harness.cancelsNaming(run).get(0).runs()).contains(first.ref());
        assertThat(harness.cancelsNaming(run).get(0).reason()).isEqualTo(CancelReasons.SUPERSEDED);
        // the new attempt's request may already wait for an agent: that is no error, and no lost attempt
        assertThat(harness.run(id, 0).getString("error")).as("no attempt counted lost")
                .isIn(null, RunEntity.WAITING_FOR_AN_AGENT);
    }

    @Test
    void aClaimedRunStaysWithItsAgentWhenTheTransportLosesThatAgent() throws Exception {
        String id = harness.submit("name: claimed-then-lost\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);
        await().atMost(PATIENCE).until(() -> harness.handedOverAt(request.runId()) != null);
        harness.report(AgentReport.Kind.STARTED, request.ref()).acked.get(10, TimeUnit.SECONDS);

        receiverLost(request).lost().accept("Peer(id=a-1) it was handed to fell silent");
        // the news is applied before the next dispatch: once another study's request went out, it was
        String witness = harness.submit("name: witness\ntemplate: {builtin: noop}\n");
        awaitRequests(witness, 1);

        assertThat(harness.run(id, 0).getString("state")).isEqualTo("RUNNING");
        assertThat(harness.run(id, 0).getInt("attempt")).isEqualTo(1);
        assertThat(harness.requests(id)).hasSize(1);
        assertThat(harness.cancelsNaming(Set.of(request.runId()))).isEmpty();
    }

    private ReceiverLost receiverLost(RunRequest request) {
        return harness.requestSink().received().stream()
                .filter(message -> WireCodec.decode(message.getPayload(), RunRequest.class).ref().equals(request.ref()))
                .findFirst().orElseThrow()
                .getMetadata(ReceiverLost.class).orElseThrow();
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }
}
