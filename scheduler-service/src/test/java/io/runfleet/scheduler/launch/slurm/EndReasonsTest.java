package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.persistence.HandedBackAttempts;
import org.junit.jupiter.api.Test;

/** The reasons of ended allocations, with the runs their agents handed back counted per allocation. */
class EndReasonsTest {

    @Test
    void aCancelledAllocationSaysHowManyRunsWereRequeuedWithoutARetry() {
        HandedBackAttempts handedBack = new HandedBackAttempts();
        handedBack.record("s1-17-0", "r1", 1, true);
        handedBack.record("s1-17-1", "r2", 1, true);
        handedBack.record("s1-17-1", "r2", 1, true);
        handedBack.record("s1-17-1", "r3", 2, false);
        handedBack.record("s1-171-0", "r4", 1, true);

        HandedBackAttempts.Counts counts = handedBack.of(AllocationNames.agentPrefix("s1", "17"));

        assertThat(counts).as("one attempt counted once; job 171 is another allocation")
                .isEqualTo(new HandedBackAttempts.Counts(2, 1));
        assertThat(EndReasons.endedWell("CANCELLED") + ": " + EndReasons.requeued(counts))
                .isEqualTo("cancelled (scancel or preemption), not counted as a failure: 2 runs requeued as preempted,"
                        + " 1 run handed back as drained, no retry used");
        handedBack.forget(AllocationNames.agentPrefix("s1", "17"));
        assertThat(handedBack.of(AllocationNames.agentPrefix("s1", "17"))).isEqualTo(HandedBackAttempts.Counts.NONE);
        assertThat(handedBack.of(AllocationNames.agentPrefix("s1", "171")).preempted()).isEqualTo(1);
    }

    @Test
    void preemptionSaysItNeverPausesThePool() {
        assertThat(EndReasons.endedWell("PREEMPTED")).contains("never pauses the pool");
        assertThat(EndReasons.requeued(HandedBackAttempts.Counts.NONE)).isEqualTo("no run handed back");
    }
}
