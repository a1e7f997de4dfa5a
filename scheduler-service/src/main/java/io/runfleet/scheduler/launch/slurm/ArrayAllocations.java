package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.launch.LocalProcessLauncher;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The allocation manager's part for studies in {@code launch.slurm.mode: array} (docs/launchers.md, "Job arrays"):
 * called by {@link SlurmAllocations} each poll with the study's jobs in squeue, it applies {@link ArrayPolicy} with
 * Slurm. Finding the tasks by comment, noticing ended ones, failure counting, back-off and pause are
 * {@link SlurmAllocations}'s, as in agents mode.
 */
@ApplicationScoped
public class ArrayAllocations {

    private static final Logger LOG = Logger.getLogger(ArrayAllocations.class);

    private final SlurmScripts scripts;
    private final SlurmCommands commands;
    private final SlurmConfig config;
    private final LaunchPaths paths;

    public ArrayAllocations(SlurmScripts scripts, SlurmCommands commands, SlurmConfig config, LaunchPaths paths) {
        this.scripts = scripts;
        this.commands = commands;
        this.config = config;
        this.paths = paths;
    }

    /**
     * Array tasks of the study running at once at most: {@code arrayThrottle}, else as many as agents mode would run
     * agents ({@code maxAllocations x maxNodesPerAllocation x agentsPerNode}).
     */
    static int throttle(Launch.Slurm spec) {
        return spec.arrayThrottle() > 0 ? spec.arrayThrottle() : spec.agents();
    }

    /** The batch script of the study's next array, for {@code runs} runs. */
    String text(AllocationPool pool, Launch.Slurm spec, int runs) throws LaunchException {
        int tasks = Math.max(1, Math.min(runs, ArrayPolicy.MAX_TASKS_PER_ARRAY));
        return script(pool, spec, tasks, throttle(spec));
    }

    void reconcile(AllocationPool pool, Launch.Slurm spec, StudyAllocations state, Demand demand, List<SlurmJob> tasks) {
        ArrayPolicy.Plan plan = ArrayPolicy.plan(demand.fitting(), tasks, throttle(spec));
        for (String waiting : plan.cancel()) {
            try {
                commands.scancel(waiting);
                LOG.infof("cancelled array tasks %s of %s: %s", waiting, pool.describe(), plan.explanation());
            } catch (LaunchException e) {
                LOG.warn(e.getMessage());
            }
        }
        String explanation = plan.submitTasks() > 0 ? submit(pool, spec, state, plan) : plan.explanation();
        if (demand.neverFit() > 0) {
            explanation += "; " + demand.neverFit() + " runs have a timeout longer than walltime less drainMargin ("
                    + spec.longestRun().toSeconds() + " s): no array task is submitted for them";
        }
        List<SlurmLaunchStatus.Allocation> shown = tasks.stream().map(task -> new SlurmLaunchStatus.Allocation(
                task.pending() && !task.arrayTasks().isEmpty() ? task.arrayJob() + "_[" + task.arrayTasks() + "]"
                        : task.id(), task.state(), 1)).toList();
        state.seen(shown, demand.fitting(), demand.fitting(), plan.supply(), demand.neverFit(), explanation);
    }

    private String submit(AllocationPool pool, Launch.Slurm spec, StudyAllocations state, ArrayPolicy.Plan plan) {
        if (state.paused()) {
            return plan.explanation() + "; paused after " + state.consecutiveFailures() + " failed submissions or"
                    + " tasks in a row (last: " + state.status().lastError() + "); fix the cause, then "
                    + pool.resumeHint();
        }
        if (state.backingOff(Instant.now())) {
            return plan.explanation() + "; backing off after a failure until " + state.status().backoffUntil()
                    + " (last: " + state.status().lastError() + ")";
        }
        try {
            String text = script(pool, spec, plan.submitTasks(), plan.submitThrottle());
            String arrayId = commands.sbatch(scripts.write(pool, "array.sh", text));
            state.submittedOne();
            LOG.infof("submitted array %s of %d tasks, %d at once, for %s", arrayId, plan.submitTasks(),
                    plan.submitThrottle(), pool.describe());
            return plan.explanation() + "; submitted array " + arrayId + " of " + plan.submitTasks() + " tasks, "
                    + plan.submitThrottle() + " at once";
        } catch (LaunchException e) {
            state.failed(e.getMessage(), Instant.now(), config.backoff(), config.maxBackoff(),
                    config.maxSubmitFailures());
            LOG.warnf("sbatch of an array for %s failed (%d in a row%s): %s", pool.describe(),
                    state.consecutiveFailures(), state.paused() ? ", its pool is paused" : "", e.getMessage());
            return "sbatch failed, tried again after " + state.status().backoffUntil() + ": " + e.getMessage();
        }
    }

    private String script(AllocationPool pool, Launch.Slurm spec, int tasks, int throttle) throws LaunchException {
        return new ArrayBatchScript(pool, paths.schedulerId(), spec, scripts.agentStart(pool, spec),
                LocalProcessLauncher.JVM_OPTIONS, tasks, throttle).text();
    }
}
