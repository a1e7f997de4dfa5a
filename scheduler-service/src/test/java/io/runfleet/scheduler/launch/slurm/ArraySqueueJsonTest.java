package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code squeue --json} of Slurm 22.05 with an array of ten tasks, two at once ({@code --array=0-9%2}), as recorded on
 * this project's single-node Slurm: tasks 0 and 1 started, each an entry of its own; tasks 2 to 9 one waiting entry.
 */
class ArraySqueueJsonTest {

    @Test
    void startedTasksAndTheWaitingEntryAreTold() throws IOException {
        List<SlurmJob> jobs;
        try (InputStream in = ArraySqueueJsonTest.class.getResourceAsStream("/slurm/squeue-array-22.05.json")) {
            jobs = SqueueJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(jobs).extracting(SlurmJob::id, SlurmJob::state, SlurmJob::arrayJob, SlurmJob::arrayTasks)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2", "RUNNING", "1", "0"),
                        org.assertj.core.groups.Tuple.tuple("3", "RUNNING", "1", "1"),
                        org.assertj.core.groups.Tuple.tuple("1", "PENDING", "1", "2-9"));
        ArrayPolicy.Plan plan = ArrayPolicy.plan(10, jobs, 2);
        assertThat(plan.supply()).as("8 waiting, 2 started").isEqualTo(10);
        assertThat(ArrayPolicy.plan(0, jobs, 2).cancel()).containsExactly("1_[2-9]");
    }
}
