package io.runfleet.scheduler.launch.slurm;

/**
 * The body of a PBS batch script (after its {@code #PBS} lines): its output to {@code pbs-<job>.out} in the study's
 * launch directory (PBS output paths take no job id pattern), the study's {@code setup} lines, the drain point from
 * the walltime counted from the script's start, then agentsPerNode agents on each node: background processes of
 * the script on one node, one {@code pbsdsh -u} task per node on several (untested here: Slurm's Torque wrappers
 * have no pbsdsh). At the drain point, or on SIGTERM, the agents alone get SIGTERM: they take no new run and finish
 * theirs. Inside Slurm's Torque wrappers PBS_JOBID is not set, and the job is Slurm's: SLURM_JOB_ID stands in.
 */
final class PbsAgentLines {

    /**
     * One node's agents, given the agent command as its arguments: each in the background with its pid in a file by
     * job, node and rank; the node's exit is the first failing agent's (143, a drain, counts as success).
     */
    private static final String NODE = "host=$(hostname -s); i=0; pids=''; while [ $i -lt \"$RF_PBS_PER_NODE\" ]; do"
            + " \"$@\" \"-Drunfleet.agent.id=$RF_PBS_AGENT-$RF_PBS_JOB-$host-$i\""
            + " \"-Drunfleet.agent.work-dir=$RF_PBS_WORK/$RF_PBS_AGENT-$RF_PBS_JOB-$host-$i\" -jar \"$RF_PBS_JAR\" &"
            + " echo $! > \"$RF_PBS_PIDS/$RF_PBS_JOB-$host-$i.pid\"; pids=\"$pids $!\"; i=$((i + 1)); done;"
            + " trap '' TERM; status=0; for pid in $pids; do wait $pid; code=$?; [ $code = 143 ] && code=0;"
            + " [ $code != 0 ] && status=$code; done; exit $status";
    /** SIGTERM to this node's agents of the job. */
    private static final String DRAIN = "for f in \"$RF_PBS_PIDS/$RF_PBS_JOB-$(hostname -s)-\"*.pid;"
            + " do kill -TERM \"$(cat \"$f\")\" 2>/dev/null; done";

    private final BatchScript script;

    PbsAgentLines(BatchScript script) {
        this.script = script;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        long runSeconds = script.spec().walltime().minus(script.spec().drainMargin()).toSeconds();
        // pbsdsh tasks need not inherit the script's environment: the per-node values go on each task's command line.
        String perNode = "RF_PBS_JOB=\"$job\" RF_PBS_PER_NODE=" + script.spec().agentsPerNode() + " RF_PBS_AGENT="
                + BatchScript.quote(script.pool().label()) + " RF_PBS_WORK=" + BatchScript.quote(script.workRoot().toString())
                + " RF_PBS_JAR=" + BatchScript.quote(script.agentJar().toString()) + " RF_PBS_PIDS="
                + BatchScript.quote(script.outputDir().resolve("pids").toString());
        String onEachNode = script.nodes() > 1 ? "pbsdsh -u /usr/bin/env " : "/usr/bin/env ";
        text.append("set -u\n")
                .append("job=\"${PBS_JOBID:-${SLURM_JOB_ID:-unknown}}\"\n")
                .append("exec >").append(BatchScript.quote(script.outputDir().toString())).append("/pbs-\"$job\".out 2>&1\n");
        script.spec().setup().forEach(line -> text.append(line).append('\n'));
        text.append("# The agents are drained at the walltime's end less the margin, the walltime counted from now.\n")
                .append("drain_at=$(( $(date +%s) + ").append(runSeconds).append(" ))\n")
                .append("export RUNFLEET_AGENT_THREADS_PER_RUN=").append(script.spec().threadsPerRun()).append('\n')
                .append("export OMP_NUM_THREADS=").append(script.spec().threadsPerRun()).append('\n')
                .append("mkdir -p ").append(BatchScript.quote(script.outputDir().resolve("pids").toString()))
                .append('\n')
                .append(onEachNode).append(perNode).append(" \\\n  /bin/sh -c ").append(BatchScript.quote(NODE))
                .append(" agent ").append(BatchScript.quote(script.java()));
        script.jvmOptions().forEach(option -> text.append(' ').append(BatchScript.quote(option)));
        script.properties().forEach((key, value) -> text.append(" \\\n  ")
                .append(BatchScript.quote("-D" + key + "=" + value)));
        text.append(" &\n")
                .append("agents=$!\n")
                .append("drain() { ").append(onEachNode).append(perNode).append(" /bin/sh -c ")
                .append(BatchScript.quote(DRAIN)).append("; }\n")
                .append("trap drain TERM; ( sleep $(( drain_at - $(date +%s) )); kill -TERM $$ ) & deadline=$!\n")
                .append("# As in Slurm's script: a trapped signal ends wait early, so wait until the agents are done.\n")
                .append("wait \"$agents\"; status=$?\n")
                .append("while kill -0 \"$agents\" 2>/dev/null; do wait \"$agents\"; status=$?; done\n")
                .append("kill \"$deadline\" 2>/dev/null; exit $status\n");
        return text.toString();
    }
}
