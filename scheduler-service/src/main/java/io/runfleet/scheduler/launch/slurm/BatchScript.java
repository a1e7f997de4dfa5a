package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The batch script of one allocation (docs/deploy-slurm.md, "Inside an allocation"): the {@code #SBATCH} lines, the
 * study's {@code setup} lines, the agents' deadline from the job's own end time, then one {@code srun} that starts
 * {@code agentsPerNode} agents on each node with the CPU options given again (srun of Slurm 22.05 does not take
 * {@code --cpus-per-task} from sbatch). The script drains the agents itself at the deadline (SIGTERM: they take no
 * new run and finish theirs), so that no run is killed by the walltime; {@code --signal} is the safety net.
 *
 * @param studyId     the study the agents work for
 * @param schedulerId the scheduler that submits it (in the comment)
 * @param spec        the study's launch section
 * @param nodes       nodes of this allocation
 * @param java        the agents' Java command
 * @param jvmOptions  options of the agents' JVM
 * @param agentJar    the worker agent's quarkus-run.jar
 * @param properties  the agents' configuration, nothing secret (secret files are passed by path)
 * @param outputDir   where slurm-%j.out goes
 * @param workRoot    the parent of the agents' work directories
 */
record BatchScript(String studyId, String schedulerId, Launch.Slurm spec, int nodes, String java,
                   List<String> jvmOptions, Path agentJar, Map<String, String> properties, Path outputDir,
                   Path workRoot) {

    /**
     * Each task: the agent in the background, its pid in a file by job, node and rank (the drain signals the agents
     * alone, never the runs they started), SIGTERM ignored by the wrapper so that it stays to report the agent's end,
     * and the agent's exit on SIGTERM (143, a drain) reported as success. Its id and work directory follow from the
     * job and the task's rank, known only inside the task.
     */
    private static final String AGENT = "\"$@\" \"-Drunfleet.agent.id=$RF_SLURM_AGENT-$SLURM_JOB_ID-$SLURM_PROCID\""
            + " \"-Drunfleet.agent.work-dir=$RF_SLURM_WORK/$RF_SLURM_AGENT-$SLURM_JOB_ID-$SLURM_PROCID\""
            + " -jar \"$RF_SLURM_JAR\" & pid=$!;"
            + " echo $pid > \"$RF_SLURM_PIDS/$SLURM_JOB_ID-$SLURMD_NODENAME-$SLURM_PROCID.pid\"; trap '' TERM;"
            + " wait $pid; code=$?; [ $code = 143 ] && code=0; exit $code";
    /** SIGTERM to the agents of this job on every node: each takes no new run, finishes its runs and exits. */
    private static final String DRAIN = "for f in \"$RF_SLURM_PIDS/$SLURM_JOB_ID-$SLURMD_NODENAME-\"*.pid;"
            + " do kill -TERM \"$(cat \"$f\")\" 2>/dev/null; done";

    String text() {
        StringBuilder script = new StringBuilder("#!/bin/bash\n");
        directive(script, "--job-name=" + AllocationNames.jobName(studyId));
        directive(script, "--comment=" + AllocationNames.comment(schedulerId, studyId));
        spec.partition().ifPresent(partition -> directive(script, "--partition=" + partition));
        spec.account().ifPresent(account -> directive(script, "--account=" + account));
        spec.qos().ifPresent(qos -> directive(script, "--qos=" + qos));
        directive(script, "--time=" + slurmTime(spec.walltime()));
        directive(script, "--nodes=" + nodes);
        directive(script, "--ntasks-per-node=" + spec.agentsPerNode());
        directive(script, "--cpus-per-task=" + spec.cpusPerAgent());
        directive(script, "--output=" + outputDir.resolve("slurm-%j.out"));
        directive(script, "--signal=B:TERM@" + Math.max(1, spec.drainMargin().toSeconds() / 2));
        spec.submitArgs().forEach(argument -> directive(script, argument));
        script.append("# Written by the Runfleet scheduler ").append(schedulerId).append(" for study ").append(studyId)
                .append(": agents of pool ").append(Launch.poolOf(studyId)).append(" (docs/deploy-slurm.md).\n");
        script.append("set -u\n");
        spec.setup().forEach(line -> script.append(line).append('\n'));
        long margin = spec.drainMargin().toSeconds();
        // The drain point is the script's own: the agents are not given it as runfleet.agent.deadline yet, since an
        // agent that stops at its deadline hands its run back as a new attempt, which the allocation policy does not
        // count on (docs/deploy-slurm.md, "Walltime and draining").
        script.append("# The agents are drained at the walltime's end less the margin.\n")
                .append("end=$(squeue -h -j \"$SLURM_JOB_ID\" -o %e)\n")
                .append("drain_at=$(( $(date -d \"$end\" +%s) - ").append(margin).append(" ))\n")
                .append("export RUNFLEET_AGENT_THREADS_PER_RUN=").append(spec.threadsPerRun()).append('\n')
                .append("export OMP_NUM_THREADS=").append(spec.threadsPerRun()).append('\n')
                .append("export RF_SLURM_AGENT=").append(quote(studyId)).append('\n')
                .append("export RF_SLURM_WORK=").append(quote(workRoot.toString())).append('\n')
                .append("export RF_SLURM_JAR=").append(quote(agentJar.toString())).append('\n')
                .append("export RF_SLURM_PIDS=").append(quote(outputDir.resolve("pids").toString())).append('\n')
                .append("mkdir -p \"$RF_SLURM_PIDS\"\n");
        script.append("srun --ntasks=$(( SLURM_JOB_NUM_NODES * ").append(spec.agentsPerNode()).append(" ))")
                .append(" --ntasks-per-node=").append(spec.agentsPerNode())
                .append(" --cpus-per-task=").append(spec.cpusPerAgent())
                .append(" --kill-on-bad-exit=0 \\\n  /bin/sh -c ").append(quote(AGENT)).append(" agent ")
                .append(quote(java));
        jvmOptions.forEach(option -> script.append(' ').append(quote(option)));
        properties.forEach((key, value) -> script.append(" \\\n  ").append(quote("-D" + key + "=" + value)));
        script.append(" &\n")
                .append("agents=$!\n")
                .append("# SIGTERM to the agents alone: a signal to srun or the step would reach their runs too.\n")
                .append("drain() { srun --overlap --ntasks=\"$SLURM_JOB_NUM_NODES\" --ntasks-per-node=1 /bin/sh -c ")
                .append(quote(DRAIN)).append("; }\n")
                .append("trap drain TERM\n")
                .append("( sleep $(( drain_at - $(date +%s) )); kill -TERM $$ ) &\n")
                .append("deadline=$!\n")
                .append("wait \"$agents\"\n")
                .append("status=$?\n")
                .append("# A trapped signal ends wait early: wait again until the agents have finished their runs.\n")
                .append("while kill -0 \"$agents\" 2>/dev/null; do wait \"$agents\"; status=$?; done\n")
                .append("kill \"$deadline\" 2>/dev/null\n")
                .append("exit $status\n");
        return script.toString();
    }

    /** Slurm's {@code [days-]hours:minutes:seconds}, rounded up to whole minutes as Slurm counts them. */
    static String slurmTime(Duration walltime) {
        long minutes = (walltime.toSeconds() + 59) / 60;
        long days = minutes / (24 * 60);
        String time = String.format("%d:%02d:00", (minutes / 60) % 24, minutes % 60);
        return days > 0 ? days + "-" + time : time;
    }

    static void directive(StringBuilder script, String option) {
        script.append("#SBATCH ").append(option).append('\n');
    }

    /** A word for the shell, in single quotes. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
