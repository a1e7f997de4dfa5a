package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code squeue --json} of Slurm 22.05 as recorded on this project's single-node Slurm: one running, one pending. */
class SqueueJsonTest {

    @Test
    void theRecordedJobsAreRead() throws IOException {
        List<SlurmJob> jobs = SqueueJson.parse(recorded());

        assertThat(jobs).containsExactly(
                new SlurmJob("73", "runfleet-rec", "RUNNING", "runfleet:sched-a:study-1:study-study-1", 1,
                        1796582994L, 1796583054L),
                new SlurmJob("74", "runfleet-rec2", "PENDING", "runfleet:sched-a:study-1:study-study-1", 1,
                        1796586593L, 1796586653L));
        assertThat(jobs).extracting(SlurmJob::live).containsExactly(true, true);
        assertThat(jobs).extracting(SlurmJob::pending).containsExactly(false, true);
    }

    @Test
    void theCommentTellsTheSchedulerAndStudy() throws IOException {
        SlurmJob job = SqueueJson.parse(recorded()).get(0);

        assertThat(AllocationNames.studyOf(job, "sched-a")).contains("study-1");
        assertThat(AllocationNames.studyOf(job, "sched-b")).as("another scheduler's job").isEmpty();
        assertThat(AllocationNames.studyOf(job, "sched")).as("a scheduler id that is a prefix").isEmpty();
        assertThat(AllocationNames.comment("sched-a", "study-1")).isEqualTo(job.comment());
    }

    @Test
    void laterVersionsNumberObjectsAndStateListsAreRead() throws IOException {
        String json = "{\"jobs\": [{\"job_id\": 5, \"name\": \"n\", \"job_state\": [\"COMPLETED\"], \"comment\": \"c\","
                + " \"node_count\": {\"set\": true, \"number\": 2}, \"start_time\": {\"number\": 10},"
                + " \"end_time\": {\"number\": 20}}]}";

        assertThat(SqueueJson.parse(json)).singleElement()
                .isEqualTo(new SlurmJob("5", "n", "COMPLETED", "c", 2, 10, 20))
                .satisfies(job -> assertThat(job.live()).isFalse());
    }

    @Test
    void anAnswerWithoutJobsIsAnError() {
        assertThatThrownBy(() -> SqueueJson.parse("{\"errors\": []}")).isInstanceOf(IOException.class)
                .hasMessageContaining("without a jobs list");
    }

    private static String recorded() throws IOException {
        try (InputStream in = SqueueJsonTest.class.getResourceAsStream("/slurm/squeue-22.05.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
