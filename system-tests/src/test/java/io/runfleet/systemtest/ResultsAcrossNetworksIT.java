package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents on another network than the services (a network namespace of their own, reaching the services through a
 * veth pair) while the scheduler advertises the results router as {@code localhost}, the form of its default
 * ({@code runfleet.scheduler.results-endpoint=tcp://localhost:5556}). To the agents that address is their own
 * machine, where nothing listens: every result used to wait there forever and every run stayed RUNNING. A loopback
 * address advertised to a dealer that reached the router from elsewhere now stands for the router's host.
 */
class ResultsAcrossNetworksIT {

    private static final int RUNS = 12;

    @RegisterExtension
    @Order(1)
    static final NetworkNamespace NAMESPACE = new NetworkNamespace();

    @RegisterExtension
    @Order(2)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2)
            .withNetwork(AgentNetwork.loopback().servicesOn(NAMESPACE.hostAddress())
                    .agentsStartedWith(NAMESPACE.execPrefix()))
            .advertisingResultsAsLocalhost();

    @Test
    void anAgentOnAnotherNetworkDeliversItsResultsThoughTheSchedulerAdvertisesThemAsLocalhost(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "across-networks", RUNS, executions, "true",
                "{maxParallel: 4, retries: 0}");

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(SYSTEM.agent(0).logTail(400)).as("log of the agent in %s", NAMESPACE)
                .contains("connecting to tcp://" + NAMESPACE.hostAddress() + ":");
        FaultInvariants.Tally tally = FaultInvariants.of("agents on another network, results advertised as localhost",
                SYSTEM).executions(executions).outputs(EchoStudy.echoesI()).check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
    }
}
