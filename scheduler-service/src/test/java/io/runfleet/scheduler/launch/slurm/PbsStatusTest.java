package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * PBS status read as the allocation manager needs it: PBS Pro's {@code qstat -f -F json} (a fixture written from the
 * PBS Pro format: one running job, one queued, one finished with its exit status, and a job of another user) and the
 * {@code qstat -f} text of Slurm's Torque wrapper (recorded on the test machine); states in Runfleet's names, this
 * scheduler's jobs recognised by their job name.
 */
class PbsStatusTest {

    private static final String STUDY = "0a1b2c3d4e5f";

    @Test
    void pbsProJsonGivesEachJobItsStateNodesAndOwner() throws IOException {
        List<QueueJob> parsed = PbsJson.parse(fixture("qstat-f-F-json.json"));
        assertThat(parsed).hasSize(4);
        Map<String, QueueJob> byId = parsed.stream().collect(Collectors.toMap(QueueJob::id, Function.identity()));
        assertThat(byId.get("4095.pbs-head").exitStatus()).contains(1);
        assertThat(byId.get("4101.pbs-head").exitStatus()).isEmpty();
        assertThat(byId.get("4102.pbs-head").nodes()).isEqualTo(2);

        Map<String, SlurmJob> jobs = read(new PresetQueue(QueuePreset.PBSPRO, null, "sched-a"), parsed);
        assertThat(jobs.get("4101.pbs-head")).extracting(SlurmJob::state, SlurmJob::nodes, SlurmJob::live)
                .containsExactly("RUNNING", 1, true);
        assertThat(jobs.get("4102.pbs-head")).extracting(SlurmJob::state, SlurmJob::pending)
                .containsExactly("PENDING", true);
        assertThat(jobs.get("4095.pbs-head")).as("finished with Exit_status 1")
                .extracting(SlurmJob::state, SlurmJob::live).containsExactly("FAILED", false);
        assertThat(AllocationNames.studyOf(jobs.get("4102.pbs-head"), "sched-a")).contains(STUDY);
        assertThat(AllocationNames.studyOf(jobs.get("4090.pbs-head"), "sched-a")).as("another user's job").isEmpty();
        assertThat(AllocationNames.studyOf(jobs.get("4101.pbs-head"), "sched-b")).as("another scheduler's").isEmpty();
    }

    @Test
    void aServerWithoutJobsAnswersAnEmptyList() throws IOException {
        assertThat(PbsJson.parse("{\"timestamp\":1,\"pbs_version\":\"2022.1.1\",\"pbs_server\":\"h\"}")).isEmpty();
    }

    @Test
    void torqueWrapperTextGivesStatesAndNamesButNoExitStatus() throws IOException {
        List<QueueJob> parsed = QstatFull.parse(fixture("qstat-f-torque-wrapper.txt"));
        assertThat(parsed).extracting(QueueJob::id).containsExactly("8", "9", "10");

        Map<String, SlurmJob> jobs = read(new PresetQueue(QueuePreset.PBS, null, "sched-a"), parsed);
        assertThat(jobs.get("8").state()).as("C without exit_status: ended, how unknown").isEqualTo("UNKNOWN");
        assertThat(jobs.get("9")).extracting(SlurmJob::state, SlurmJob::nodes).containsExactly("RUNNING", 2);
        assertThat(jobs.get("10").pending()).isTrue();
        assertThat(AllocationNames.studyOf(jobs.get("9"), "sched-a")).contains(STUDY);
        assertThat(AllocationNames.studyOf(jobs.get("10"), "sched-a")).isEmpty();
    }

    @Test
    void endedJobsAreReadByTheirExitStatus() {
        assertThat(QueuePreset.PBS.runfleetState("C", Optional.of(0))).isEqualTo("COMPLETED");
        assertThat(QueuePreset.PBS.runfleetState("F", Optional.of(271))).as("qdel: SIGTERM").isEqualTo("CANCELLED");
        assertThat(QueuePreset.PBS.runfleetState("F", Optional.of(-1))).as("could not start").isEqualTo("FAILED");
        assertThat(QueuePreset.PBS.runfleetState("Z", Optional.empty())).as("not mapped").isEqualTo("UNKNOWN");
        assertThat(QueuePreset.SLURM.runfleetState("COMPLETING", Optional.empty())).as("Slurm's names as they are")
                .isEqualTo("COMPLETING");
    }

    private static Map<String, SlurmJob> read(PresetQueue queue, List<QueueJob> parsed) {
        return parsed.stream().map(queue::slurmJob).collect(Collectors.toMap(SlurmJob::id, Function.identity()));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = PbsStatusTest.class.getResourceAsStream("/pbs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
