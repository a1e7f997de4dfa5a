package io.runfleet.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.launch.slurm.SlurmJob;
import io.runfleet.scheduler.persistence.AgentActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationListingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(30);

    @Test
    void countsTheAgentsOfItsOwnJobOnlyAndShowsItsDeadline() {
        SlurmJob job = new SlurmJob("12", "runfleet-s1", "RUNNING", "c", 1, NOW.getEpochSecond() - 10,
                NOW.getEpochSecond() + 120);
        List<AgentActivity.Agent> agents = List.of(new AgentActivity.Agent("s1-12-0", 1, NOW),
                new AgentActivity.Agent("s1-12-1", 0, NOW), new AgentActivity.Agent("s1-120-0", 1, NOW),
                new AgentActivity.Agent("s2-12-0", 1, NOW));

        StudyAllocationsView.Allocation allocation = AllocationListing.allocation("s1", job, agents, MARGIN, NOW);

        assertThat(allocation.agentsRegistered()).isEqualTo(2);
        assertThat(allocation.endTime()).isEqualTo(NOW.plusSeconds(120));
        assertThat(allocation.reason()).isEqualTo("running; 2 agent(s) have taken runs; takes runs until "
                + NOW.plusSeconds(90));
    }

    @Test
    void aRunningAllocationPastItsDrainPointIsDraining() {
        SlurmJob job = new SlurmJob("12", "n", "RUNNING", "c", 1, 1, NOW.getEpochSecond() + 10);

        assertThat(AllocationListing.allocation("s1", job, List.of(), MARGIN, NOW).reason())
                .startsWith("draining: its agents take no new run since " + NOW.minusSeconds(20));
    }

    @Test
    void aPendingAllocationHasNoStartAndWaitsInTheQueue() {
        SlurmJob job = new SlurmJob("13", "n", "PENDING", "c", 2, NOW.getEpochSecond(), 0);

        StudyAllocationsView.Allocation allocation = AllocationListing.allocation("s1", job, List.of(), MARGIN, NOW);

        assertThat(allocation.startTime()).isNull();
        assertThat(allocation.endTime()).isNull();
        assertThat(allocation.reason()).isEqualTo("waiting in the queue for 2 node(s)");
    }
}
