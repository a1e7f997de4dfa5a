package io.runfleet.scheduler.launch.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A queue system as configuration (docs/deploy-slurm.md, "PBS and other queue systems"): the commands that submit,
 * list, cancel and signal allocations, how the batch script writes its options, how its agents start on the
 * allocation's nodes, and what the system's state names mean to Runfleet.
 *
 * @param name              what a study's {@code launch.slurm.system} names it by
 * @param directivePrefix   what starts each option line of the batch script ({@code #SBATCH }, {@code #PBS })
 * @param directives        option lines with placeholders ({@link #directives(Map)}); a line whose placeholder has no
 *                          value (an account not given) is left out
 * @param submit            the submit command; {@code {script}} and {@code {output}} are filled in, its last output
 *                          line is the job id
 * @param status            the command that lists every job the system knows
 * @param statusFormat      how {@link #status} answers
 * @param cancel            the cancel command; {@code {id}} is filled in
 * @param signal            the command that signals a job ({@code {id}}, {@code {signal}}); documented for operators,
 *                          the allocation manager drains by the script's own timer
 * @param states            the system's state names to Runfleet's: pending, running, ended (then the exit status
 *                          decides), completed, failed, cancelled, preempted, timeout; a name not mapped is unknown
 * @param walltimeFormat    how {@code {walltime}} is written
 * @param agents            how the agents start on the allocation's nodes
 * @param adoptBy           how a restarted scheduler recognises its allocations
 * @param outputFile        the file, in the study's launch directory, a job's output goes to; {@code {id}} is its id
 * @param allocationVariable the environment variable set inside an allocation of this system (auto detection)
 * @param probe             a command that succeeds where this system's client commands are installed (auto detection)
 */
public record QueuePreset(String name, String directivePrefix, List<String> directives, List<String> submit,
                          List<String> status, StatusFormat statusFormat, List<String> cancel, List<String> signal,
                          Map<String, String> states, WalltimeFormat walltimeFormat, AgentStart agents,
                          AdoptBy adoptBy, String outputFile, String allocationVariable, List<String> probe) {

    /** How the status command answers. */
    public enum StatusFormat {
        /** {@code squeue --json} (Slurm 22.05 and later). */
        SQUEUE_JSON,
        /** {@code qstat -f -F json} of PBS Pro / OpenPBS: {@code Jobs} by id, with {@code Exit_status}. */
        PBS_JSON,
        /** {@code qstat -f} text: {@code Job Id: ID} then {@code attribute = value} lines (Torque, PBS Pro). */
        QSTAT_FULL
    }

    /** How {@code {walltime}} is written. */
    public enum WalltimeFormat {
        /** {@code [days-]hours:minutes:seconds}. */
        SLURM,
        /** {@code hours:minutes:seconds}, hours past 24 allowed. */
        HOURS
    }

    /** How the agents start on the allocation's nodes. */
    public enum AgentStart {
        /** One {@code srun} step of agentsPerNode tasks per node. */
        SRUN,
        /** Background processes on the one node, or one {@code pbsdsh -u} per node on several. */
        PBSDSH
    }

    /** How a restarted scheduler recognises its allocations. */
    public enum AdoptBy {
        /** The job's comment ({@code runfleet:<scheduler>:<study>:<pool>}). */
        COMMENT,
        /** The job's name ({@code runfleet.<scheduler>.<study>}): for systems whose users cannot set a comment. */
        JOB_NAME
    }

    /** The states Runfleet knows, as the allocation manager names them (Slurm's names). */
    static final Map<String, String> RUNFLEET_STATES = Map.of("pending", "PENDING", "running", "RUNNING",
            "completed", "COMPLETED", "failed", "FAILED", "cancelled", "CANCELLED", "preempted", "PREEMPTED",
            "timeout", "TIMEOUT", "unknown", "UNKNOWN");

    /** Today's Slurm allocations: sbatch, squeue --json, scancel, and the #SBATCH lines they always had. */
    public static final QueuePreset SLURM = new QueuePreset("slurm", "#SBATCH ", List.of(
            "--job-name={jobName}", "--comment={comment}", "--partition={partition}", "--account={account}",
            "--qos={qos}", "--time={walltime}", "--nodes={nodes}", "--ntasks-per-node={tasksPerNode}",
            "--cpus-per-task={cpusPerTask}", "--output={output}", "--signal=B:TERM@{signalSeconds}"),
            List.of("sbatch", "--parsable", "{script}"), List.of("squeue", "--json"), StatusFormat.SQUEUE_JSON,
            List.of("scancel", "{id}"), List.of("scancel", "--signal={signal}", "{id}"), Map.of(),
            WalltimeFormat.SLURM, AgentStart.SRUN, AdoptBy.COMMENT, "slurm-{id}.out", "SLURM_JOB_ID",
            List.of("sbatch", "--version"));

    /**
     * PBS (Torque, PBS Pro, OpenPBS, and Slurm's own Torque wrappers): qsub with {@code #PBS} lines and the output
     * options on its command line too (Slurm's qsub wrapper reads only its command line), {@code qstat -f} text,
     * qdel. The job name carries the scheduler and study: PBS has no comment a user sets.
     */
    public static final QueuePreset PBS = new QueuePreset("pbs", "#PBS ", List.of(
            "-N {jobName}", "-q {partition}", "-A {account}", "-l walltime={walltime}",
            "-l nodes={nodes}:ppn={cpusPerNode}", "-j oe", "-o {output}"),
            List.of("qsub", "-j", "oe", "-o", "{output}", "{script}"), List.of("qstat", "-f"),
            StatusFormat.QSTAT_FULL, List.of("qdel", "{id}"), List.of("qsig", "-s", "{signal}", "{id}"),
            pbsStates(), WalltimeFormat.HOURS, AgentStart.PBSDSH, AdoptBy.JOB_NAME, "pbs-{id}.out", "PBS_JOBID",
            List.of("qstat", "--version"));

    /** PBS Pro and OpenPBS with their JSON status: {@code qstat -f -F json -x} shows finished jobs with their exit status. */
    public static final QueuePreset PBSPRO = PBS.withName("pbspro")
            .withStatus(List.of("qstat", "-f", "-F", "json", "-x"), StatusFormat.PBS_JSON);

    public QueuePreset {
        directives = List.copyOf(directives);
        submit = List.copyOf(submit);
        status = List.copyOf(status);
        cancel = List.copyOf(cancel);
        signal = List.copyOf(signal);
        states = Map.copyOf(states);
        probe = List.copyOf(probe);
    }

    /**
     * Torque's and PBS Pro's one-letter states: queued, held, waiting, in transit and moved wait; running, exiting
     * and suspended hold their nodes; completed (Torque) and finished (PBS Pro) ended, the exit status says how.
     */
    private static Map<String, String> pbsStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String waiting : List.of("Q", "H", "W", "T", "M")) {
            states.put(waiting, "pending");
        }
        for (String holding : List.of("R", "E", "S", "U", "B")) {
            states.put(holding, "running");
        }
        for (String ended : List.of("C", "F", "X")) {
            states.put(ended, "ended");
        }
        return states;
    }

    QueuePreset withName(String newName) {
        return new QueuePreset(newName, directivePrefix, directives, submit, status, statusFormat, cancel, signal,
                states, walltimeFormat, agents, adoptBy, outputFile, allocationVariable, probe);
    }

    QueuePreset withStatus(List<String> command, StatusFormat format) {
        return new QueuePreset(name, directivePrefix, directives, submit, command, format, cancel, signal, states,
                walltimeFormat, agents, adoptBy, outputFile, allocationVariable, probe);
    }

    /**
     * The batch script's option lines: each directive with its placeholders filled in, those of a placeholder
     * without a value left out, then the study's own {@code submitArgs}.
     */
    List<String> directives(Map<String, String> values, List<String> submitArgs) {
        List<String> lines = new ArrayList<>();
        for (String directive : directives) {
            Optional<String> line = fill(directive, values);
            line.ifPresent(text -> lines.add(directivePrefix + text));
        }
        submitArgs.forEach(argument -> lines.add(directivePrefix + argument));
        return lines;
    }

    /** {@code template} with its {@code {placeholders}} filled in; empty when one has no value. */
    static Optional<String> fill(String template, Map<String, String> values) {
        StringBuilder filled = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                filled.append(template, at, template.length());
                break;
            }
            String value = values.get(template.substring(open + 1, close));
            if (value == null) {
                return Optional.empty();
            }
            filled.append(template, at, open).append(value);
            at = close + 1;
        }
        return Optional.of(filled.toString());
    }

    /** A command with its placeholders filled in; a placeholder without a value stays as written. */
    static List<String> command(List<String> template, Map<String, String> values) {
        return template.stream().map(word -> fill(word, values).orElse(word)).toList();
    }

    /**
     * Where the directives send the job's output: the file of {@link #outputFile} with Slurm's {@code %j}; PBS paths
     * take no job id pattern, so a PBS script sends its own output to the job's file and this one gets what comes
     * before.
     */
    java.nio.file.Path outputPath(java.nio.file.Path dir) {
        return dir.resolve(outputFile.replace("{id}", agents == AgentStart.SRUN ? "%j" : "batch"));
    }

    /** The walltime as the directives write it. */
    String walltime(Duration walltime) {
        if (walltimeFormat == WalltimeFormat.SLURM) {
            return BatchScript.slurmTime(walltime);
        }
        long minutes = (walltime.toSeconds() + 59) / 60;
        return String.format("%02d:%02d:00", minutes / 60, minutes % 60);
    }

    /**
     * The state the allocation manager works with (Slurm's names, {@link #RUNFLEET_STATES}) of a job in the state
     * {@code nativeState}: as the system names it when no state is mapped, else by the map, an ended job by its exit
     * status (0 completed; 271 or 265, killed by SIGTERM or SIGKILL after qdel, cancelled; other failed; unknown when
     * the system does not say).
     */
    String runfleetState(String nativeState, Optional<Integer> exitStatus) {
        if (states.isEmpty()) {
            return nativeState;
        }
        String mapped = states.getOrDefault(nativeState, "unknown");
        if (mapped.equals("ended")) {
            mapped = exitStatus.map(code -> code == 0 ? "completed" : code == 271 || code == 265 ? "cancelled"
                    : "failed").orElse("unknown");
        }
        return RUNFLEET_STATES.getOrDefault(mapped, "UNKNOWN");
    }
}
