package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How many array tasks a study in {@code mode: array} submits or cancels, from its runs and its tasks in squeue. */
class ArrayPolicyTest {

    private static final String COMMENT = "runfleet:sched-a:s1:study-s1";

    @Test
    void aStudyWithoutTasksGetsOneArrayOfItsRunsAtTheThrottle() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(40, List.of(), 4);

        assertThat(plan.submitTasks()).isEqualTo(40);
        assertThat(plan.submitThrottle()).isEqualTo(4);
        assertThat(plan.cancel()).isEmpty();
    }

    @Test
    void waitingAndStartedTasksBothCountAsSupply() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(10, List.of(waiting("7", "2-9"), started("8", "7", 0),
                started("9", "7", 1)), 2);

        assertThat(plan.supply()).isEqualTo(10);
        assertThat(plan.submitTasks()).isZero();
        assertThat(plan.cancel()).isEmpty();
    }

    @Test
    void noSecondArrayWhileTasksOfTheFirstWait() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(20, List.of(waiting("7", "5-9"), started("8", "7", 4)), 2);

        assertThat(plan.submitTasks()).isZero();
        assertThat(plan.explanation()).contains("once the waiting tasks started");
    }

    @Test
    void whenShortTheNextArrayIsThrottledByTheTasksStillStarted() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(5, List.of(started("8", "7", 8), started("9", "7", 9),
                started("10", "7", 10)), 4);

        assertThat(plan.submitTasks()).as("5 runs, 3 tasks started").isEqualTo(2);
        assertThat(plan.submitThrottle()).as("4 at once, 3 of them running").isEqualTo(1);
    }

    @Test
    void noArrayWhileTheStartedTasksAreAtTheThrottle() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(6, List.of(started("8", "7", 8), started("9", "7", 9),
                started("10", "7", 10), started("11", "7", 11)), 4);

        assertThat(plan.submitTasks()).as("a fifth task would run beside the four started").isZero();
        assertThat(plan.explanation()).contains("once one of them ended");
    }

    @Test
    void anArrayHoldsAtMostSlurmsDefaultMaxArraySize() {
        assertThat(ArrayPolicy.plan(2_500, List.of(), 8).submitTasks()).isEqualTo(ArrayPolicy.MAX_TASKS_PER_ARRAY);
    }

    @Test
    void waitingTasksStayWhileRunsAreLeftEvenIfTheStartedOnesOutnumberThem() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(2, List.of(waiting("7", "4-9"), started("8", "7", 2),
                started("9", "7", 3)), 2);

        assertThat(plan.cancel()).as("a started task may be exiting after its run").isEmpty();
        assertThat(plan.supply()).isEqualTo(8);
        assertThat(plan.submitTasks()).isZero();
    }

    @Test
    void everyWaitingTaskIsCancelledWhenNoRunIsLeft() {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(0, List.of(waiting("7", "4-9"), started("8", "7", 3)), 2);

        assertThat(plan.cancel()).as("7 alone would cancel the started tasks too").containsExactly("7_[4-9]");
        assertThat(plan.explanation()).contains("no run of the study fits or waits");
    }

    @Test
    void taskListsAreCounted() {
        assertThat(ArrayTasks.count("2-9")).isEqualTo(8);
        assertThat(ArrayTasks.count("2-9%2")).as("the throttle is no task").isEqualTo(8);
        assertThat(ArrayTasks.count("1,3,5-7")).isEqualTo(5);
        assertThat(ArrayTasks.count("0-15:4")).isEqualTo(4);
        assertThat(ArrayTasks.count("")).isZero();
        assertThat(ArrayTasks.range(40, 4)).isEqualTo("0-39%4");
    }

    private static SlurmJob waiting(String id, String tasks) {
        return new SlurmJob(id, "runfleet-s1", "PENDING", COMMENT, 1, 0, 0, id, tasks);
    }

    private static SlurmJob started(String id, String array, int task) {
        return new SlurmJob(id, "runfleet-s1", "RUNNING", COMMENT, 1, 1, 2, array, Integer.toString(task));
    }
}
