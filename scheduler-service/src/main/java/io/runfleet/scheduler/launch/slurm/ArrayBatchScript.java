package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.study.Launch;
import java.util.List;

/**
 * The batch script of one job array in {@code mode: array} (docs/deploy-slurm.md, "Job-array mode"): one task per run,
 * {@code throttle} of them at once, each starting one agent that takes exactly one run
 * ({@code runfleet.agent.max-runs=1}) and exits, or exits after {@code idleTimeout} without one. Dispatch, pools,
 * results and accounting are those of agents mode: only the agents' lifetime differs.
 *
 * @param start    how the study's agents start (the same as in agents mode)
 * @param tasks    array tasks: runs this array is for
 * @param throttle array tasks running at once at most
 */
record ArrayBatchScript(AllocationPool pool, String schedulerId, Launch.Slurm spec, SlurmScripts.AgentStart start,
                        List<String> jvmOptions, int tasks, int throttle) {

    /**
     * The agent replaces the shell ({@code exec}), so that Slurm's signals reach it directly; its id and work
     * directory follow from the array and the task's index, known only inside the task.
     */
    private static final String AGENT_ID = "$RF_SLURM_AGENT-$SLURM_ARRAY_JOB_ID-$SLURM_ARRAY_TASK_ID";

    ArrayBatchScript {
        if (tasks < 1 || throttle < 1) {
            throw new IllegalArgumentException("an array needs a task and a throttle of 1 or more: " + tasks + "%"
                    + throttle);
        }
    }

    String text() {
        StringBuilder script = new StringBuilder("#!/bin/bash\n");
        BatchScript.directive(script, "--job-name=" + AllocationNames.jobName(pool));
        BatchScript.directive(script, "--comment=" + AllocationNames.comment(schedulerId, pool));
        spec.partition().ifPresent(partition -> BatchScript.directive(script, "--partition=" + partition));
        spec.account().ifPresent(account -> BatchScript.directive(script, "--account=" + account));
        spec.qos().ifPresent(qos -> BatchScript.directive(script, "--qos=" + qos));
        BatchScript.directive(script, "--time=" + BatchScript.slurmTime(spec.walltime()));
        BatchScript.directive(script, "--array=" + ArrayTasks.range(tasks, throttle));
        BatchScript.directive(script, "--nodes=1");
        BatchScript.directive(script, "--ntasks=1");
        BatchScript.directive(script, "--cpus-per-task=" + spec.cpusPerAgent());
        // %j is each task's own job id, as squeue shows it: the failure of a task names its output file
        BatchScript.directive(script, "--output=" + start.outputDir().resolve("slurm-%j.out"));
        spec.submitArgs().forEach(argument -> BatchScript.directive(script, argument));
        script.append("# Written by the Runfleet scheduler ").append(schedulerId).append(" for ").append(pool.describe())
                .append(": one array task per run, agents of pool ").append(pool.name())
                .append(" (docs/deploy-slurm.md, \"Job-array mode\").\n");
        script.append("set -u\n");
        spec.setup().forEach(line -> script.append(line).append('\n'));
        script.append("export RUNFLEET_AGENT_THREADS_PER_RUN=").append(spec.threadsPerRun()).append('\n')
                .append("export OMP_NUM_THREADS=").append(spec.threadsPerRun()).append('\n')
                .append("export RF_SLURM_AGENT=").append(BatchScript.quote(pool.label())).append('\n')
                .append("export RF_SLURM_WORK=").append(BatchScript.quote(start.workRoot().toString())).append('\n');
        script.append("exec ").append(BatchScript.quote(start.java()));
        jvmOptions.forEach(option -> script.append(' ').append(BatchScript.quote(option)));
        start.properties().forEach((key, value) -> script.append(" \\\n  ")
                .append(BatchScript.quote("-D" + key + "=" + value)));
        script.append(" \\\n  ").append(BatchScript.quote("-Drunfleet.agent.max-runs=1"))
                .append(" \\\n  \"-Drunfleet.agent.id=").append(AGENT_ID).append('"')
                .append(" \\\n  \"-Drunfleet.agent.work-dir=$RF_SLURM_WORK/").append(AGENT_ID).append('"')
                .append(" \\\n  -jar ").append(BatchScript.quote(start.agentJar().toString())).append('\n');
        return script.toString();
    }
}
