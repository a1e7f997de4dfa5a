package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Studies submitted before any agent is up (a Slurm allocation that starts hours later): a run whose request waits
 * for an agent is never superseded by a new attempt, however many claim timeouts pass, and executes exactly once
 * when agents come; likewise when the scheduler is killed and started again while its runs wait. The system starts
 * without agents; each test starts the agents it needs and stops them at its end. Run on each transport by a
 * subclass that registers the system with {@link #CLAIM_TIMEOUT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WaitingForAgents {

    static final String CLAIM_TIMEOUT_KEY = "runfleet.scheduler.claim-timeout";
    /**
     * Short, so that three of them pass quickly; long enough for an agent just started on a loaded machine to claim a
     * request handed to it (3 s was not, on two cores shared with builds: the claim came after the lease ran out).
     */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    static final String WAITING = "waiting for an agent";
    private static final int RUNS = 4;

    abstract SystemUnderTest system();

    /** The attempt each run executes with after the scheduler restarted while it waited. */
    abstract int attemptAfterRestart();

    /** How many of {@code runs} waiting requests the transport takes while no agent is connected. */
    abstract int handedOverWithoutAgents(int runs);

    @Test
    @Order(1)
    void aRunWaitingThreeClaimTimeoutsForItsFirstAgentExecutesOnce(@TempDir Path scratch) throws Exception {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = submitAndAwaitDispatch("waits-for-agents", RUNS, executions);

        // the scenario is the passing time itself: three claim timeouts and a sweep with nobody to take the runs
        Thread.sleep(CLAIM_TIMEOUT.multipliedBy(3).plusSeconds(2).toMillis());
        List<JsonNode> waited = system().scheduler().runs(studyId);

        withAgents(1, () -> finishOnce(studyId, RUNS, executions, "runs waiting 3 claim timeouts for an agent", 1));
        assertThat(waited).as("runs after three claim timeouts without an agent").allSatisfy(run -> {
            assertThat(run.path("state").asText()).isEqualTo("DISPATCHED");
            assertThat(run.path("attempt").asInt()).isEqualTo(1);
            assertThat(run.path("error").asText()).isEqualTo(WAITING);
        });
    }

    @Test
    @Order(2)
    void runsWaitingWhenTheSchedulerIsKilledExecuteOnceAfterItsRestart(@TempDir Path scratch) throws Exception {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = submitAndAwaitDispatch("waits-across-a-restart", RUNS, executions);
        // so that the kill meets what this transport holds for good, not a hand-over on its way to the database
        await("hand-overs of " + studyId + " recorded").atMost(Duration.ofMinutes(1))
                .until(() -> handedOver(studyId) == handedOverWithoutAgents(RUNS));

        system().killScheduler();
        system().startSchedulerAgain();
        awaitWaiting(studyId, RUNS);

        // two agents: a request sent twice for one attempt would have a second agent to run it
        withAgents(2, () -> finishOnce(studyId, RUNS, executions, "runs waiting while the scheduler restarted",
                attemptAfterRestart()));
    }

    /** Starts {@code count} agents of one slot, runs {@code check}, and stops them: each test starts without agents. */
    void withAgents(int count, Runnable check) {
        List<ServiceProcess> agents = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                agents.add(system().startAnotherAgent(1));
            }
            check.run();
        } finally {
            agents.forEach(ServiceProcess::stop);
        }
    }

    /** Submits a study of {@code runCount} runs, all at once in flight, and waits until each is DISPATCHED. */
    String submitAndAwaitDispatch(String name, int runCount, ExecutionLog executions) {
        String studyId = submit(name, runCount, executions);
        awaitWaiting(studyId, runCount);
        return studyId;
    }

    /** Submits a study of {@code runCount} runs that may all be in flight at once. */
    String submit(String name, int runCount, ExecutionLog executions) {
        return EchoStudy.submit(system(), name, runCount, executions, "true",
                "{maxParallel: %d, retries: 0, crashLimit: 2}".formatted(runCount));
    }

    /** Every run of the study DISPATCHED: sent, with no agent to take it. */
    void awaitWaiting(String studyId, int runCount) {
        await("runs of " + studyId + " dispatched").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<JsonNode> runs = system().scheduler().runs(studyId);
                    return runs.size() == runCount
                            && runs.stream().allMatch(run -> "DISPATCHED".equals(run.path("state").asText()));
                });
    }

    /** Runs of the study whose current request the scheduler recorded as taken by the transport. */
    long handedOver(String studyId) {
        Database database = system().database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM scheduler.run WHERE study_id = ? AND handed_over_at IS NOT NULL")) {
            select.setString(1, studyId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the hand-overs of " + studyId + ": " + e.getMessage(), e);
        }
    }

    /** The study completes, each run executed exactly once with {@code attempt}, and the fault invariants hold. */
    void finishOnce(String studyId, int runCount, ExecutionLog executions, String scenario, int attempt) {
        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(runCount);
        Map<String, Long> perRun = executions.perRun();
        assertThat(perRun).as("executions per run (%s)", executions.lines()).hasSize(runCount)
                .allSatisfy((run, count) -> assertThat(count).as("executions of run %s", run).isEqualTo(1L));
        assertThat(system().scheduler().runs(studyId)).as("attempts of the runs")
                .allSatisfy(run -> assertThat(run.path("attempt").asInt()).isEqualTo(attempt));
        FaultInvariants.Tally tally = FaultInvariants.of(scenario + " (" + system().transport() + ")", system())
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, runCount);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(tally.executions()).as("executions").isEqualTo(runCount);
    }
}
