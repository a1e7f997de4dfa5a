package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A study's failure accounting: the back-off doubles up to its maximum, the pool pauses at the limit. */
class StudyAllocationsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration MAX = Duration.ofSeconds(12);

    @Test
    void theBackOffDoublesUpToItsMaximumAndThePoolPausesAtTheLimit() {
        StudyAllocations study = new StudyAllocations("study-s1", "slurm");

        study.failed("e1", NOW, FIRST, MAX, 3);
        assertThat(study.status().backoffUntil()).isEqualTo(NOW.plusSeconds(5));
        assertThat(study.backingOff(NOW.plusSeconds(4))).isTrue();
        assertThat(study.backingOff(NOW.plusSeconds(5))).isFalse();
        study.failed("e2", NOW, FIRST, MAX, 3);
        assertThat(study.status().backoffUntil()).isEqualTo(NOW.plusSeconds(10));
        assertThat(study.paused()).isFalse();
        study.failed("e3", NOW, FIRST, MAX, 3);
        assertThat(study.status().backoffUntil()).as("bounded").isEqualTo(NOW.plusSeconds(12));
        assertThat(study.paused()).isTrue();
        assertThat(study.status().lastError()).isEqualTo("e3");
        assertThat(study.status().consecutiveFailures()).isEqualTo(3);
    }

    @Test
    void theQueueSystemItWasGivenShowsBeforeTheFirstLookAtTheQueue() {
        // the first round made the state, then asked qstat, which can take seconds: the status is read meanwhile
        StudyAllocations study = new StudyAllocations("study-s1", "pbs");

        assertThat(study.status().queueSystem()).isEqualTo("pbs");
    }

    @Test
    void aSubmissionDoesNotResetTheCountButAnAllocationThatEndedWellDoes() {
        StudyAllocations study = new StudyAllocations("study-s1", "slurm");
        study.failed("allocation failed", NOW, FIRST, MAX, 3);
        study.submittedOne();

        assertThat(study.backingOff(NOW)).isFalse();
        assertThat(study.consecutiveFailures()).isEqualTo(1);
        study.endedWell();
        assertThat(study.consecutiveFailures()).isZero();
    }

    @Test
    void resumeLiftsThePauseAndForgetsTheFailures() {
        StudyAllocations study = new StudyAllocations("study-s1", "slurm");
        study.failed("e", NOW, FIRST, MAX, 1);
        assertThat(study.paused()).isTrue();

        study.resume();

        assertThat(study.paused()).isFalse();
        assertThat(study.backingOff(NOW)).isFalse();
        assertThat(study.status().consecutiveFailures()).isZero();
        assertThat(study.status().lastError()).as("kept, to be read").isEqualTo("e");
    }

    @Test
    void aPauseByCommandHoldsUntilResumedAndTheStatusNamesThePool() {
        StudyAllocations pool = new StudyAllocations("gpu", "slurm");

        pool.pause();

        assertThat(pool.paused()).isTrue();
        assertThat(pool.pausedByCommand()).isTrue();
        assertThat(pool.status().pool()).isEqualTo("gpu");
        assertThat(pool.status().explanation()).startsWith("paused");
        pool.resume();
        assertThat(pool.paused()).isFalse();
        assertThat(pool.pausedByCommand()).isFalse();
    }
}
