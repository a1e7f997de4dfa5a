package io.runfleet.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ProgressLine line = new ProgressLine(12);

    @Test
    void rendersBarCountsRateAndEta() {
        StudyStatus status = new StudyStatus("s1", "heat", "ACTIVE", 12,
                Map.of("SUCCEEDED", 8L, "FAILED", 1L, "RUNNING", 2L, "PENDING", 1L));

        assertThat(line.render(status, 1.3)).isEqualTo("[#########...] 9/12  running 2  failed 1  1.3 runs/s  eta 3s");
    }

    @Test
    void countsDispatchedAsRunningAndTimedOutAsFailed() {
        StudyStatus status = new StudyStatus("s1", "heat", "ACTIVE", 4,
                Map.of("DISPATCHED", 1L, "RUNNING", 1L, "TIMED_OUT", 1L, "SUCCEEDED", 1L));

        assertThat(line.render(status, 0)).isEqualTo("[######......] 2/4  running 2  failed 1  0.0 runs/s  eta --");
    }

    @Test
    void showsRetryingAndCancelledOnlyWhenPresent() {
        StudyStatus status = new StudyStatus("s1", "heat", "CANCELLED", 10,
                Map.of("SUCCEEDED", 3L, "RETRYING", 2L, "CANCELLED", 5L));

        assertThat(line.render(status, 2.5))
                .isEqualTo("[#########...] 8/10  running 0  failed 0  retrying 2  cancelled 5  2.5 runs/s  eta 0s");
    }

    @Test
    void fullBarWhenDoneAndEmptyBarForEmptyStudy() {
        StudyStatus done = new StudyStatus("s1", "heat", "COMPLETED", 3, Map.of("SUCCEEDED", 3L));
        StudyStatus empty = new StudyStatus("s2", "none", "ACTIVE", 0, Map.of());

        assertThat(line.render(done, 150)).startsWith("[############] 3/3").contains("150 runs/s").endsWith("eta 0s");
        assertThat(line.render(empty, 0)).startsWith("[............] 0/0");
    }

    @Test
    void formatsLongEtas() {
        assertThat(ProgressLine.eta(1000, 2, false)).isEqualTo("8m20s");
        assertThat(ProgressLine.eta(100_000, 10, false)).isEqualTo("2h46m");
        assertThat(ProgressLine.duration(59)).isEqualTo("59s");
        assertThat(ProgressLine.duration(60)).isEqualTo("1m00s");
    }

    @Test
    void rateFollowsTheRecentWindow() {
        RateEstimator rate = new RateEstimator(10_000);
        assertThat(rate.perSecond()).isZero();
        rate.record(0, 0);
        rate.record(1_000, 10);
        assertThat(rate.perSecond()).isEqualTo(10.0);
        // A long stall then a slow pace: the old fast second drops out of the window.
        for (long t = 2_000; t <= 30_000; t += 1_000) {
            rate.record(t, 10 + (t - 1_000) / 1_000);
        }
        assertThat(rate.perSecond()).isEqualTo(1.0);
    }

    @Test
    void studyStatusReadsTheSchedulerJson() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"id":"abc","name":"heat","state":"COMPLETED","total":12,
                 "counts":{"SUCCEEDED":11,"FAILED":1,"PENDING":0}}""");

        StudyStatus status = StudyStatus.from(json);

        assertThat(status.isOver()).isTrue();
        assertThat(status.finished()).isEqualTo(12);
        assertThat(status.allSucceeded()).isFalse();
        assertThat(status.count("RUNNING")).isZero();
    }
}
