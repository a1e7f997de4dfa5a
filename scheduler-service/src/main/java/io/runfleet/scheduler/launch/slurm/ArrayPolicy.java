package io.runfleet.scheduler.launch.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a study in {@code mode: array} needs from Slurm now, from its runs waiting that fit and its arrays in squeue
 * (docs/launchers.md, "Job arrays"). Supply is the array tasks waiting plus those started: each takes one run. When
 * short and no task of the study waits any more, one array of the missing tasks is submitted, throttled so that the
 * study's started tasks stay within the throttle; the waiting tasks are cancelled once no run waits. Not sooner: squeue
 * cannot tell a started task whose agent holds a run from one whose run just ended and that is exiting, so waiting
 * tasks cancelled while runs are left would have to be submitted again (a task with nothing to take exits after
 * idleTimeout). Pure: no Slurm, no clock.
 */
final class ArrayPolicy {

    /**
     * Tasks of one array at most: Slurm's default {@code MaxArraySize} of 1001 allows indices 0 to 1000. A larger
     * study gets further arrays as the earlier ones start.
     */
    static final int MAX_TASKS_PER_ARRAY = 1000;

    /**
     * @param cancel         what to scancel: the waiting tasks of an array ({@code <array>_[<tasks>]})
     * @param submitTasks    tasks of the array to submit now; 0 for none
     * @param submitThrottle its throttle
     * @param supply         tasks waiting or started, after the cancellations
     * @param explanation    the one line that says what is happening
     */
    record Plan(List<String> cancel, int submitTasks, int submitThrottle, int supply, String explanation) {
    }

    private ArrayPolicy() {
    }

    static Plan plan(int runs, List<SlurmJob> tasks, int throttle) {
        List<SlurmJob> waitingEntries = tasks.stream().filter(SlurmJob::pending).toList();
        int waiting = waitingEntries.stream().mapToInt(ArrayPolicy::taskCount).sum();
        int started = tasks.size() - waitingEntries.size();
        if (waiting > 0 && runs == 0) {
            List<String> cancel = new ArrayList<>();
            waitingEntries.forEach(entry -> cancel.add(waitingTasks(entry)));
            return new Plan(cancel, 0, 0, started, "no run of the study fits or waits: cancelled its " + waiting
                    + " waiting array tasks");
        }
        int supply = waiting + started;
        if (runs == 0) {
            return new Plan(List.of(), 0, 0, supply, "no run waits that fits an allocation");
        }
        if (supply >= runs) {
            return new Plan(List.of(), 0, 0, supply, supply + " array tasks (" + waiting + " waiting, " + started
                    + " started) for " + runs + " runs");
        }
        if (waiting > 0) {
            return new Plan(List.of(), 0, 0, supply, supply + " array tasks (" + waiting + " waiting, " + started
                    + " started) for " + runs + " runs: the next array follows once the waiting tasks started");
        }
        if (started >= throttle) {
            // A task of the new array would start beside them and run more at once than the throttle allows.
            return new Plan(List.of(), 0, 0, supply, supply + " array tasks started, the throttle, for " + runs
                    + " runs: the next array follows once one of them ended");
        }
        int submit = Math.min(runs - supply, MAX_TASKS_PER_ARRAY);
        return new Plan(List.of(), submit, throttle - started, supply, "short of " + (runs - supply)
                + " array tasks for " + runs + " runs (" + started + " started)");
    }

    /** Tasks a waiting entry stands for: the single task of an entry without a list (the array's last) is one. */
    private static int taskCount(SlurmJob entry) {
        return Math.max(1, ArrayTasks.count(entry.arrayTasks()));
    }

    /** scancel's name for the waiting tasks alone: the array's id would cancel its started tasks too. */
    private static String waitingTasks(SlurmJob entry) {
        return entry.arrayJob().isEmpty() || entry.arrayTasks().isEmpty() ? entry.id()
                : entry.arrayJob() + "_[" + entry.arrayTasks() + "]";
    }
}
