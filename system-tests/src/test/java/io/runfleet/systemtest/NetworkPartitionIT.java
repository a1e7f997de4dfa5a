package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents lose the network for 30 s mid-study: every packet between their namespace and the services is
 * dropped, then the link heals. Leases (6 s here) run out during the partition, so the scheduler takes the runs
 * the agents held back and hands them out again once an agent is reachable; the agents meanwhile finish those runs
 * and deliver their results late. A run may so execute twice (at least once), but it is stored once and the
 * accepted row is the attempt the scheduler accepted.
 */
@SideLane
class NetworkPartitionIT {

    private static final int RUNS = 120;
    private static final FaultStudy STUDY = new FaultStudy("network-partition", RUNS, "0.5", 4);
    private static final Duration PARTITION = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final NetworkNamespace NAMESPACE = new NetworkNamespace();

    /**
     * Services listen on the host end of the veth pair, agents run in the namespace and reach them only through
     * it. Off loopback the services get {@code runfleet.security.insecure=true} from {@link SystemUnderTest}.
     */
    @RegisterExtension
    @Order(2)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2)
            .withNetwork(AgentNetwork.loopback().servicesOn(NAMESPACE.hostAddress())
                    .agentsStartedWith(NAMESPACE.execPrefix()))
            .withSchedulerSetting("runfleet.scheduler.claim-timeout", NetworkFaults.CLAIM_TIMEOUT);

    @Test
    void aStudyCompletesAfterTheAgentsWerePartitionedFromTheServicesFor30Seconds(@TempDir Path scratch)
            throws Exception {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = STUDY.submit(SYSTEM, executions);
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 20);

        try (NetworkNamespace.Partition partition = NAMESPACE.partition()) {
            // the fault's length, not a wait for something: longer than a lease and than the heartbeat timeout
            Thread.sleep(PARTITION.toMillis());
        }
        assertThat(NAMESPACE.rules()).as("iptables rules in %s after healing", NAMESPACE).doesNotContain("DROP");

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);

        FaultInvariants.Tally tally = STUDY.invariants("agents partitioned 30 s", SYSTEM, executions)
                .check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(SYSTEM.results().rows(studyId)).as("runs whose lease ran out during the partition ran again")
                .anySatisfy(row -> assertThat(row.path("_attempt").asInt()).isGreaterThan(1));
        assertThat(SYSTEM.services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
        assertThat(SYSTEM.agent(0).isAlive() && SYSTEM.agent(1).isAlive()).as("both agents still running").isTrue();
    }
}
