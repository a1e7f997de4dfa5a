package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** sbatch, squeue and scancel as processes, each bounded by {@code runfleet.launch.slurm.command-timeout}. */
@ApplicationScoped
public class SlurmCommands {

    /** What a command answered: its exit code, standard output and standard error. */
    record Result(int exitCode, String output, String error) {
    }

    private final SlurmConfig config;

    public SlurmCommands(SlurmConfig config) {
        this.config = config;
    }

    /**
     * {@code sbatch --parsable SCRIPT}: the job id.
     *
     * @throws LaunchException with sbatch's error line (e.g. {@code sbatch: error: invalid partition specified})
     */
    String sbatch(Path script) throws LaunchException {
        Result result = run(List.of(command("sbatch"), "--parsable", script.toString()));
        String id = result.output().strip().split(";")[0];
        if (result.exitCode() != 0 || !id.matches("\\d+(_\\d+)?")) {
            throw new LaunchException(errorLine(result));
        }
        return id;
    }

    /**
     * {@code sbatch --test-only SCRIPT}: whether the cluster would take the script's directives (partition, account,
     * qos, time, nodes, options); nothing is submitted. sbatch answers on stderr only.
     *
     * @throws LaunchException with sbatch's error line
     */
    void testOnly(Path script) throws LaunchException {
        Result result = run(List.of(command("sbatch"), "--test-only", script.toString()));
        if (result.exitCode() != 0) {
            throw new LaunchException(errorLine(result));
        }
    }

    /** Every job squeue shows, whoever submitted it. */
    List<SlurmJob> squeue() throws LaunchException {
        Result result = run(List.of(command("squeue"), "--json"));
        if (result.exitCode() != 0) {
            throw new LaunchException("squeue --json failed: " + errorLine(result));
        }
        try {
            return SqueueJson.parse(result.output());
        } catch (IOException e) {
            throw new LaunchException("cannot read squeue --json: " + e.getMessage(), e);
        }
    }

    void scancel(String jobId) throws LaunchException {
        Result result = run(List.of(command("scancel"), jobId));
        if (result.exitCode() != 0) {
            throw new LaunchException("scancel " + jobId + " failed: " + errorLine(result));
        }
    }

    /** The line that says what went wrong: sbatch's {@code error:} line, else the last line written. */
    static String errorLine(Result result) {
        List<String> lines = new ArrayList<>(result.error().lines().filter(line -> !line.isBlank()).toList());
        lines.addAll(result.output().lines().filter(line -> !line.isBlank()).toList());
        return lines.stream().filter(line -> line.contains("error:")).findFirst()
                .or(() -> lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(lines.get(lines.size() - 1)))
                .orElse("exit code " + result.exitCode() + " without a message");
    }

    private String command(String name) {
        return config.binDir().map(dir -> dir.resolve(name).toString()).orElse(name);
    }

    Result run(List<String> command) throws LaunchException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("runfleet-slurm", ".out");
            err = Files.createTempFile("runfleet-slurm", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LaunchException(command.get(0) + " did not answer within " + config.commandTimeout()
                        + " (runfleet.launch.slurm.command-timeout); check that slurmctld is up (scontrol ping)");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchException("cannot run " + command.get(0) + ": " + e.getMessage() + "; install the Slurm"
                    + " client commands or set runfleet.launch.slurm.bin-dir", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while running " + command.get(0), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left in /tmp harms nothing
            }
        }
    }
}
