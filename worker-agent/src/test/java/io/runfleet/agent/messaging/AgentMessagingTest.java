package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.agent.execution.Processes;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.Channels;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RefusedForGoodException;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a whole on in-memory channels (slots = 2). One application start for all cases; the
 * drain case runs last because it stops the agent from taking runs.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentMessagingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    SlotUsage slots;

    @Inject
    HeldRuns held;

    @Inject
    AgentDrain drain;

    @Inject
    CancelledRuns cancelledRuns;

    @Test
    @Order(1)
    void eachRequestIsClaimedExecutedAndAnsweredWithinTheSlots() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> reports = connector.sink(Channels.AGENT_REPORTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        RunSpec spec = new RunSpec(List.of("sh", "-c", "sleep 0.2; printf '{\"n\": %s}' \"$1\" > out.json", "sh",
                "{{ n }}"), false, null, Map.of(), Map.of(), 0,
                List.of(new OutputSpec(OutputSpec.JSON, "out.json", null)), "none");
        List<CompletableFuture<Void>> acks = IntStream.range(0, 6)
                .mapToObj(i -> send(requests, request("flow-" + i, i, spec, Map.of("n", i), 0)))
                .toList();

        await().atMost(WAIT).until(() -> resultsFor(results, "flow-").size() == 6);

        assertThat(slots.peak()).as("runs executing at once").isBetween(1, 2);
        assertThat(acks).allMatch(ack -> ack.isDone() && !ack.isCompletedExceptionally());
        List<RunRef> started = reportsOf(reports, AgentReport.Kind.STARTED).stream()
                .flatMap(report -> report.runs().stream())
                .filter(ref -> ref.runId().startsWith("flow-"))
                .toList();
        assertThat(started).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 6).mapToObj(i -> new RunRef("flow-" + i, 1)).toList());
        for (RunResult result : resultsFor(results, "flow-")) {
            int n = (int) result.seq();
            assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(result.outputs()).containsEntry("n", n);
            assertThat(result.params()).containsEntry("n", n);
            assertThat(result.paramHash()).isEqualTo(ParamHash.of(Map.of("n", n)));
            assertThat(result.studyId()).isEqualTo("study-m");
            assertThat(result.stage()).isEqualTo("refine");
            assertThat(result.parentRunId()).isEqualTo("parent-of-" + result.runId());
            assertThat(result.exitCode()).isZero();
            assertThat(result.agentId()).isEqualTo("agent-under-test");
            assertThat(result.host()).isNotBlank();
            assertThat(result.startedAt()).isBeforeOrEqualTo(result.endedAt());
        }
        await().atMost(WAIT).until(held::isEmpty);
    }

    @Test
    @Order(2)
    void malformedRequestsAreNackedAndTheirSlotsAskedForAgain() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        AtomicReference<Throwable> firstNack = new AtomicReference<>();
        // as many malformed messages as there are slots: only re-granted credit lets the good one in
        for (int i = 0; i < 3; i++) {
            requests.send(Message.of("not json".getBytes(StandardCharsets.UTF_8))
                    .withNack(reason -> {
                        firstNack.compareAndSet(null, reason);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        send(requests, request("after-malformed", 0, noop(), Map.of(), 0));

        await().atMost(WAIT).until(() -> resultsFor(results, "after-malformed").size() == 1);
        assertThat(firstNack.get()).hasMessageStartingWith("unreadable RunRequest");
        assertThat(resultsFor(results, "after-malformed").get(0).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    @Order(2)
    void aRequestOfAPoolThisAgentIsNotOfIsRefusedForGoodAndHandedBackNotRun() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> reports = connector.sink(Channels.AGENT_REPORTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        RunRequest plain = request("foreign", 0, noop(), Map.of(), 0);
        RunRequest foreign = new RunRequest(plain.schemaVersion(), plain.studyId(), plain.runId(), plain.seq(),
                plain.attempt(), plain.params(), plain.paramHash(), plain.spec(), 0, plain.stage(), plain.parentRunId(),
                "study-other");

        CompletableFuture<Void> refused = send(requests, foreign);
        send(requests, request("after-foreign", 0, noop(), Map.of(), 0));

        await().atMost(WAIT).until(() -> resultsFor(results, "after-foreign").size() == 1);
        assertThatThrownBy(refused::join).hasCauseInstanceOf(RefusedForGoodException.class)
                .hasMessageContaining("pool study-other").hasMessageContaining("without a pool");
        assertThat(reportsOf(reports, AgentReport.Kind.RELEASED)).anySatisfy(report -> {
            assertThat(report.runs()).containsExactly(new RunRef("foreign", 1));
            assertThat(report.reason()).contains("runfleet.agent.pool");
        });
        assertThat(resultsFor(results, "foreign")).isEmpty();
        assertThat(reportsOf(reports, AgentReport.Kind.STARTED)).noneMatch(report -> report.runs()
                .contains(new RunRef("foreign", 1)));
    }

    @Test
    @Order(3)
    void heldRunsAreReportedByHeartbeatsAtTheIntervalTheyAskFor() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> reports = connector.sink(Channels.AGENT_REPORTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        RunSpec spec = new RunSpec(List.of("sleep", "1.5"), false, null, Map.of(), Map.of(), 0, List.of(), "none");

        send(requests, request("beating", 0, spec, Map.of(), 100));

        await().atMost(WAIT).until(() -> reportsOf(reports, AgentReport.Kind.HEARTBEAT).stream()
                .anyMatch(report -> report.runs().contains(new RunRef("beating", 1))));
        await().atMost(WAIT).until(() -> resultsFor(results, "beating").size() == 1);
    }

    @Test
    @Order(4)
    void aCancelKillsTheRunWithItsChildrenReportsItCancelledAndFreesItsSlot() throws Exception {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySource<Message<byte[]>> control = connector.source(Channels.AGENT_CONTROL);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        RunSpec sleeper = new RunSpec(List.of("sh", "-c", "echo $$ > shell.pid; sleep 60 & echo $! > child.pid; wait"),
                false, null, Map.of(), Map.of(), 0, List.of(), "all");
        // both slots busy: only the slot the cancel frees lets the next request in
        send(requests, request("doomed", 10, sleeper, Map.of(), 0));
        send(requests, request("survivor", 11, sleeper, Map.of(), 0));
        Path doomedDir = Path.of("target/test-runfleet-work/study-m/10-doomed-a1");
        long shellPid = awaitPid(doomedDir.resolve("shell.pid"));
        long childPid = awaitPid(doomedDir.resolve("child.pid"));
        awaitPid(Path.of("target/test-runfleet-work/study-m/11-survivor-a1/child.pid"));
        send(requests, request("queued", 12, noop(), Map.of(), 0));

        control.send(Message.of(WireCodec.encode(new CancelRuns(WireMessage.SCHEMA_VERSION,
                List.of(new RunRef("doomed", 1), new RunRef("held-elsewhere", 3)), "run cancelled"))));

        await().atMost(WAIT).until(() -> resultsFor(results, "doomed").size() == 1);
        RunResult cancelled = resultsFor(results, "doomed").get(0);
        assertThat(cancelled.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("run cancelled");
        assertThat(cancelled.attempt()).isEqualTo(1);
        assertThat(Processes.isRunning(shellPid)).as("shell %d", shellPid).isFalse();
        assertThat(Processes.isRunning(childPid)).as("sleep %d started by the shell", childPid).isFalse();
        await().atMost(WAIT).until(() -> resultsFor(results, "queued").size() == 1);
        assertThat(resultsFor(results, "queued").get(0).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(resultsFor(results, "survivor")).as("the run the cancel did not name goes on").isEmpty();
        assertThat(held.refs()).contains(new RunRef("survivor", 1)).doesNotContain(new RunRef("doomed", 1));

        control.send(Message.of(WireCodec.encode(new CancelRuns(WireMessage.SCHEMA_VERSION,
                List.of(new RunRef("survivor", 1)), "study cancelled"))));
        await().atMost(WAIT).until(() -> resultsFor(results, "survivor").size() == 1);
        assertThat(resultsFor(results, "survivor").get(0).error()).isEqualTo("study cancelled");
        await().atMost(WAIT).until(held::isEmpty);
    }

    @Test
    @Order(5)
    void aRequestThatArrivesAfterItsCancelIsNotStartedAndItsSlotIsAskedForAgain() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySource<Message<byte[]>> control = connector.source(Channels.AGENT_CONTROL);
        InMemorySink<byte[]> reports = connector.sink(Channels.AGENT_REPORTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        control.send(Message.of(WireCodec.encode(new CancelRuns(WireMessage.SCHEMA_VERSION,
                List.of(new RunRef("late", 1)), "study cancelled"))));
        await().atMost(WAIT).until(() -> cancelledRuns.contains(new RunRef("late", 1)));

        CompletableFuture<Void> lateAck = send(requests, request("late", 20, noop(), Map.of(), 0));
        send(requests, request("on-time", 21, noop(), Map.of(), 0));
        send(requests, request("on-time-too", 22, noop(), Map.of(), 0));

        await().atMost(WAIT).until(() -> resultsFor(results, "on-time").size() == 2);
        assertThat(lateAck).isCompleted();
        assertThat(resultsFor(results, "late")).isEmpty();
        assertThat(reportsOf(reports, AgentReport.Kind.STARTED)).flatMap(AgentReport::runs)
                .doesNotContain(new RunRef("late", 1));
    }

    @Test
    @Order(6)
    void aRequestDeliveredAgainAfterItsRunEndedHereIsDroppedUnexecuted(@TempDir Path dir) throws Exception {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        Path executions = dir.resolve("executions");
        RunSpec spec = new RunSpec(List.of("sh", "-c", "echo ran >> \"$1\"", "sh", executions.toString()), false,
                null, Map.of(), Map.of(), 0, List.of(), "none");
        send(requests, request("twice", 30, spec, Map.of(), 0));
        await().atMost(WAIT).until(() -> resultsFor(results, "twice").size() == 1);

        CompletableFuture<Void> copyAck = send(requests, request("twice", 30, spec, Map.of(), 0));
        send(requests, request("after-twice", 31, noop(), Map.of(), 0));

        await().atMost(WAIT).until(() -> resultsFor(results, "after-twice").size() == 1);
        assertThat(copyAck).isCompleted();
        assertThat(resultsFor(results, "twice")).hasSize(1);
        assertThat(Files.readAllLines(executions)).containsExactly("ran");
    }

    @Test
    @Order(7)
    void aResultOverTheMessageLimitIsSentAsFailedWithItsReasonAndTheAgentGoesOn() {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        // three files of 7 MB: each within the parsed-output limit, together more than one message may hold
        String write = "for f in a b c; do { printf '{\"'$f'\": \"'; head -c 7000000 /dev/zero | tr '\\0' x; "
                + "printf '\"}'; } > $f.json; done";
        RunSpec spec = new RunSpec(List.of("sh", "-c", write), false, null, Map.of(), Map.of(), 0,
                List.of(new OutputSpec(OutputSpec.JSON, "a.json", null), new OutputSpec(OutputSpec.JSON, "b.json", null),
                        new OutputSpec(OutputSpec.JSON, "c.json", null)), "none");
        send(requests, request("oversized", 40, spec, Map.of(), 0));
        send(requests, request("after-oversized", 41, noop(), Map.of(), 0));

        await().atMost(WAIT).until(() -> resultsFor(results, "oversized").size() == 1
                && resultsFor(results, "after-oversized").size() == 1);
        RunResult refused = resultsFor(results, "oversized").get(0);
        assertThat(refused.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(refused.outputs()).isEmpty();
        assertThat(refused.error()).startsWith("result refused: ")
                .contains("more than the message limit of " + WireCodec.MAX_MESSAGE_BYTES + " bytes")
                .contains("the largest output is '");
        assertThat(resultsFor(results, "after-oversized").get(0).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    @Order(8)
    void drainingKillsWhatOutlastsTheDrainTimeoutAndReleasesItButNotARunWhoseResultIsOnItsWay() throws Exception {
        InMemorySource<Message<byte[]>> requests = connector.source(Channels.RUN_REQUESTS);
        InMemorySink<byte[]> reports = connector.sink(Channels.AGENT_REPORTS);
        InMemorySink<byte[]> results = connector.sink(Channels.RUN_RESULTS);
        RunSpec spec = new RunSpec(List.of("sh", "-c", "echo $$ > shell.pid; sleep 300; echo never"), false, null,
                Map.of(), Map.of(), 0, List.of(), "all");
        send(requests, request("long", 0, spec, Map.of(), 0));
        Path pidFile = Path.of("target/test-runfleet-work/study-m/0-long-a1/shell.pid");
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long shellPid = Long.parseLong(Files.readString(pidFile).trim());
        // a run whose command ended and whose result is on its way, not yet acknowledged: the results service may
        // have stored it, so handing it back would have the scheduler run it again
        RunRef delivering = new RunRef("result-on-its-way", 1);
        held.hold(request(delivering.runId(), 1, noop(), Map.of(), 0));
        assertThat(held.deliver(delivering)).isTrue();

        drain.onShutdown(new ShutdownEvent());

        // a refused request of another pool, earlier, was handed back too
        List<AgentReport> released = reportsOf(reports, AgentReport.Kind.RELEASED).stream()
                .filter(report -> !report.runs().contains(new RunRef("foreign", 1))).toList();
        assertThat(released).hasSize(1);
        assertThat(released.get(0).runs()).containsExactly(new RunRef("long", 1));
        assertThat(released.get(0).reason()).isEqualTo("agent draining");
        assertThat(Processes.isRunning(shellPid)).isFalse();
        assertThat(resultsFor(results, "long")).isEmpty();
        assertThat(held.refs()).as("held after the drain: the run whose result is on its way").containsExactly(delivering);
        held.drop(delivering);
    }

    private static long awaitPid(Path pidFile) throws java.io.IOException {
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private static RunSpec noop() {
        return new RunSpec(List.of(), false, "noop", Map.of(), Map.of(), 0, List.of(), "all");
    }

    private static RunRequest request(String runId, long seq, RunSpec spec, Map<String, Object> params,
                                      long heartbeatMillis) {
        return new RunRequest(WireMessage.SCHEMA_VERSION, "study-m", runId, seq, 1, params, ParamHash.of(params),
                spec, heartbeatMillis, "refine", "parent-of-" + runId);
    }

    private static CompletableFuture<Void> send(InMemorySource<Message<byte[]>> source, RunRequest request) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        source.send(Message.of(WireCodec.encode(request))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    acked.completeExceptionally(reason);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }

    private static List<RunResult> resultsFor(InMemorySink<byte[]> sink, String runIdPrefix) {
        return sink.received().stream()
                .map(message -> WireCodec.decode(message.getPayload(), RunResult.class))
                .filter(result -> result.runId().startsWith(runIdPrefix))
                .toList();
    }

    private static List<AgentReport> reportsOf(InMemorySink<byte[]> sink, AgentReport.Kind kind) {
        return sink.received().stream()
                .map(message -> WireCodec.decode(message.getPayload(), AgentReport.class))
                .filter(report -> report.kind() == kind)
                .toList();
    }
}
