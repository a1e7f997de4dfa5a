package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Slurm that deploy/slurm/start-slurm.sh brings up, driven through its commands as a launcher
 * drives it. Remembers every job it submitted so that {@link #cancelAll()} leaves the queue as it found it.
 */
final class SlurmCluster {

    static final String START_HINT = "start it as root with deploy/slurm/start-slurm.sh (.ci/run does)";

    /** Jobs here start and end within a second or two; ten times that is a broken cluster. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern JOB_STATE = Pattern.compile("\\bJobState=(\\S+)");
    private static final Pattern EXIT_CODE = Pattern.compile("\\bExitCode=(\\S+)");

    private final List<String> submitted = new ArrayList<>();

    /** Fails, naming the start script, unless slurmctld answers and the node is up. */
    static SlurmCluster reachable() {
        HostCommand.Result ping = HostCommand.attempt(List.of("scontrol", "ping"), Map.of(), COMMAND_TIMEOUT);
        if (ping.exitCode() != 0 || !ping.output().contains("is UP")) {
            throw new AssertionError("Slurm is not reachable ('scontrol ping': " + ping.output().strip() + "); "
                    + START_HINT);
        }
        return new SlurmCluster();
    }

    /** Runs a Slurm command; fails with its output unless it exits 0. */
    String run(String... command) {
        return HostCommand.run(List.of(command), Map.of(), COMMAND_TIMEOUT, START_HINT);
    }

    /** Runs a Slurm command and answers its exit code and output (stdout and stderr), whatever they are. */
    HostCommand.Result attempt(String... command) {
        return HostCommand.attempt(List.of(command), Map.of(), COMMAND_TIMEOUT);
    }

    /** {@code sbatch --parsable ARGS}: the job id, remembered for the clean-up. */
    String sbatch(String... args) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(List.of(args));
        return remember(run(command.toArray(String[]::new)).strip().split(";")[0]);
    }

    /** Remembers a job submitted by other means (qsub) for the clean-up. */
    String remember(String jobId) {
        submitted.add(jobId);
        return jobId;
    }

    /** The state squeue shows (empty once the job has ended and left the queue). */
    String queueState(String jobId) {
        return attempt("squeue", "-h", "-j", jobId, "-o", "%T").output().strip();
    }

    void awaitRunning(String jobId) {
        await("job " + jobId + " RUNNING").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> queueState(jobId).equals("RUNNING"));
    }

    /** Waits until the job has left squeue: before that a cancelled job may still be COMPLETING. */
    void awaitEnded(String jobId) {
        await("job " + jobId + " ended").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> queueState(jobId).isEmpty());
    }

    /** {@code scontrol show job}'s JobState: known for MinJobAge seconds after the job ended. */
    String jobState(String jobId) {
        return field(JOB_STATE, jobId);
    }

    /** {@code scontrol show job}'s ExitCode, as {@code status:signal}. */
    String exitCode(String jobId) {
        return field(EXIT_CODE, jobId);
    }

    private String field(Pattern pattern, String jobId) {
        String show = run("scontrol", "-o", "show", "job", jobId);
        Matcher matcher = pattern.matcher(show);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in: " + show);
        }
        return matcher.group(1);
    }

    /** The CPUs of the node, as the debug partition offers them. */
    int cpus() {
        return Integer.parseInt(run("sinfo", "-h", "-p", "debug", "-o", "%c").lines().findFirst().orElseThrow().strip());
    }

    /** Cancels every job submitted here that is still queued or running, and waits until they have left. */
    void cancelAll() {
        if (submitted.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("scancel"));
        command.addAll(submitted);
        attempt(command.toArray(String[]::new));
        submitted.forEach(this::awaitEnded);
        submitted.clear();
    }
}
