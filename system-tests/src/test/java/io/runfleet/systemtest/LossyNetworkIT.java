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
 * For 25 s mid-study every byte between the agents and the two routers is delayed 50-200 ms per chunk, and some
 * connections stall for seconds or are cut (what TCP shows of packet loss). The agents reach both routers only
 * through {@link FaultProxy}s on loopback; the results service and the scheduler talk directly. Messages in flight
 * on a cut connection are gone, so acknowledgements, resends and leases must make up for them.
 */
@SideLane
class LossyNetworkIT {

    private static final int RUNS = 200;
    private static final FaultStudy STUDY = new FaultStudy("lossy-network", RUNS, "0.1", 4);
    private static final Duration FAULTS = Duration.ofSeconds(25);
    /** A fixed seed: the same sequence of draws each run (which chunk meets which draw still depends on timing). */
    private static final long SEED = 20261206L;

    @RegisterExtension
    @Order(1)
    static final FaultProxies PROXIES = new FaultProxies(new ProxyFaults(12, 6, SEED));

    @RegisterExtension
    @Order(2)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2)
            .withNetwork(AgentNetwork.loopback().agentsRoutedThrough(PROXIES))
            .withSchedulerSetting("runfleet.scheduler.claim-timeout", NetworkFaults.CLAIM_TIMEOUT);

    @Test
    void aStudyCompletesThroughDelayedStalledAndCutConnections(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = STUDY.submit(SYSTEM, executions);
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 20);

        ProxyFaults faults = PROXIES.faults();
        faults.startFor(FAULTS);
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        System.out.println("lossy network: " + faults + ", " + PROXIES.proxies());

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(faults.delayed()).as("chunks delayed by %s", faults).isPositive();
        assertThat(faults.cuts()).as("connections cut by %s", faults).isPositive();
        assertThat(faults.stalls()).as("connections stalled by %s", faults).isPositive();

        FaultInvariants.Tally tally = STUDY.invariants("delay and loss through a proxy", SYSTEM, executions)
                .check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(SYSTEM.services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }
}
