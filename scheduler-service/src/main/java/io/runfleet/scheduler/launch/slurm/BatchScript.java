package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.ScriptTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The batch script of one allocation (docs/deploy-slurm.md, "Inside an allocation"): the {@code #SBATCH} lines, the
 * study's {@code setup} lines, the agents' deadline from the job's own end time, then one {@code srun} that starts
 * {@code agentsPerNode} agents on each node with the CPU options given again (srun of Slurm 22.05 does not take
 * {@code --cpus-per-task} from sbatch). The agents keep to their deadline themselves ({@code runfleet.agent.deadline}:
 * no run whose timeout does not fit the time left, exit once their runs are done), so that no run is killed by the
 * walltime and the allocation ends COMPLETED before it; on SIGTERM (scancel, preemption) they hand their runs back as
 * preempted ({@code on-stop=requeue}). {@code --signal} is the safety net for agents that could not learn the deadline.
 *
 * @param pool        the pool the agents work for: a named pool, or a study's own
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
record BatchScript(AllocationPool pool, String schedulerId, Launch.Slurm spec, int nodes, String java,
                   List<String> jvmOptions, Path agentJar, Map<String, String> properties, Path outputDir,
                   Path workRoot, QueuePreset preset) {

    /** A script for Slurm. */
    BatchScript(AllocationPool pool, String schedulerId, Launch.Slurm spec, int nodes, String java, List<String> jvmOptions,
                Path agentJar, Map<String, String> properties, Path outputDir, Path workRoot) {
        this(pool, schedulerId, spec, nodes, java, jvmOptions, agentJar, properties, outputDir, workRoot,
                QueuePreset.SLURM);
    }

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
    /**
     * SIGTERM to the agents of this job on every node (never to their runs): each hands its runs back as preempted
     * and exits.
     */
    private static final String DRAIN = "for f in \"$RF_SLURM_PIDS/$SLURM_JOB_ID-$SLURMD_NODENAME-\"*.pid;"
            + " do kill -TERM \"$(cat \"$f\")\" 2>/dev/null; done";

    /** Runfleet's script, or the spec's template with Runfleet's directives and agents' block in it. */
    String text() {
        return spec.scriptTemplate().map(template -> ScriptTemplate.fill(template, directives(), agents()))
                .orElseGet(() -> "#!/bin/bash\n" + directives() + agents());
    }

    /** The directive lines Runfleet owns, as the queue system's preset writes them, then the spec's submitArgs. */
    String directives() {
        StringBuilder script = new StringBuilder();
        preset.directives(directiveValues(), spec.submitArgs()).forEach(line -> script.append(line).append('\n'));
        return script.toString();
    }

    /** The agents' block: setup lines, the agents' deadline, their start on every node, and their drain. */
    String agents() {
        StringBuilder script = new StringBuilder();
        script.append("# Written by the Runfleet scheduler ").append(schedulerId).append(" for ").append(pool.describe())
                .append(": agents of pool ").append(pool.name()).append(" (docs/deploy-slurm.md).\n");
        if (preset.agents() == QueuePreset.AgentStart.PBSDSH) {
            return script.append(new PbsAgentLines(this).text()).toString();
        }
        script.append("set -u\n");
        spec.setup().forEach(line -> script.append(line).append('\n'));
        // The agents' deadline is the job's end (there is none in the job's environment): they take no run whose
        // timeout plus the margin does not fit before it (docs/deploy-slurm.md, "Walltime and draining").
        script.append("# The agents take no run that would end later than the margin before the walltime's end.\n")
                .append("end=$(squeue -h -j \"$SLURM_JOB_ID\" -o %e)\n")
                .append("deadline=$(date -d \"$end\" +%s 2>/dev/null || true)\n")
                .append("export RUNFLEET_AGENT_DEADLINE=\"$deadline\"\n")
                .append("export RUNFLEET_AGENT_DEADLINE_MARGIN=").append(deadlineMargin(spec).toSeconds()).append("s\n")
                .append("export RUNFLEET_AGENT_ON_STOP=requeue\n")
                .append("export RUNFLEET_AGENT_THREADS_PER_RUN=").append(spec.threadsPerRun()).append('\n')
                .append("export OMP_NUM_THREADS=").append(spec.threadsPerRun()).append('\n')
                .append("export RF_SLURM_AGENT=").append(quote(pool.label())).append('\n')
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
                .append("# --signal (sent up to a minute early) must not kill runs that fit the agents' deadline; it\n")
                .append("# stops agents that could not learn it. scancel and preemption signal the agents directly.\n")
                .append("if [ -n \"$deadline\" ]; then trap 'echo \"runfleet: SIGTERM; the agents keep to their")
                .append(" deadline $end\"' TERM; else trap drain TERM; fi\n")
                .append("wait \"$agents\"\n")
                .append("status=$?\n")
                .append("# A trapped signal ends wait early: wait again until the agents have finished their runs.\n")
                .append("while kill -0 \"$agents\" 2>/dev/null; do wait \"$agents\"; status=$?; done\n")
                .append("exit $status\n");
        return script.toString();
    }

    /**
     * The agents' {@code deadline-margin}: half of drainMargin. The demand counts runs whose timeout fits walltime less
     * drainMargin; the other half leaves room for the agents to start, so that such a run still fits a new allocation.
     */
    static Duration deadlineMargin(Launch.Slurm spec) {
        return Duration.ofSeconds(Math.max(1, spec.drainMargin().toSeconds() / 2));
    }

    /** Slurm's {@code [days-]hours:minutes:seconds}, rounded up to whole minutes as Slurm counts them. */
    static String slurmTime(Duration walltime) {
        long minutes = (walltime.toSeconds() + 59) / 60;
        long days = minutes / (24 * 60);
        String time = String.format("%d:%02d:00", (minutes / 60) % 24, minutes % 60);
        return days > 0 ? days + "-" + time : time;
    }

    /** The values of the preset's directive placeholders; an option the study leaves out has none. */
    private Map<String, String> directiveValues() {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("jobName", preset.adoptBy() == QueuePreset.AdoptBy.JOB_NAME
                ? PresetQueue.jobName(schedulerId, pool) : AllocationNames.jobName(pool));
        values.put("comment", AllocationNames.comment(schedulerId, pool));
        spec.partition().ifPresent(partition -> values.put("partition", partition));
        spec.account().ifPresent(account -> values.put("account", account));
        spec.qos().ifPresent(qos -> values.put("qos", qos));
        values.put("walltime", preset.walltime(spec.walltime()));
        values.put("nodes", String.valueOf(nodes));
        values.put("tasksPerNode", String.valueOf(spec.agentsPerNode()));
        values.put("cpusPerTask", String.valueOf(spec.cpusPerAgent()));
        values.put("cpusPerNode", String.valueOf(spec.agentsPerNode() * spec.cpusPerAgent()));
        values.put("output", preset.outputPath(outputDir).toString());
        values.put("signalSeconds", String.valueOf(Math.max(1, spec.drainMargin().toSeconds() / 2)));
        return values;
    }

    static void directive(StringBuilder script, String option) {
        script.append("#SBATCH ").append(option).append('\n');
    }

    /** A word for the shell, in single quotes. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
