package io.runfleet.scheduler.launch;

import io.runfleet.wire.AgentJvmOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Kind {@code local}: agents as processes of the worker agent's jar on the scheduler's machine, on the JVM the
 * scheduler runs on. Each runs in a session of its own, so that a signal to the scheduler's terminal or process group
 * (Ctrl-C, a crash of its parent) does not take the agents with it, logs to {@code <data>/logs/agents/<agent>.log},
 * and has a pid file in {@code <data>/launch/local/} by which {@link #find} sees it after a scheduler restart.
 */
@ApplicationScoped
public class LocalProcessLauncher implements Launcher {

    public static final String KIND = "local";
    /** The options every Runfleet agent launcher shares, also those of the CLI. */
    public static final List<String> JVM_OPTIONS = AgentJvmOptions.OPTIONS;
    private static final Logger LOG = Logger.getLogger(LocalProcessLauncher.class);
    private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

    private final LaunchPaths paths;
    /** Agents this process started: their exit codes, which an adopted agent's parent alone could read. */
    private final Map<String, Process> children = new ConcurrentHashMap<>();

    public LocalProcessLauncher(LaunchPaths paths) {
        this.paths = paths;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LaunchedAgent start(AgentLaunch launch) throws LaunchException {
        Path log = paths.agentLogDir().resolve(launch.agentId() + ".log");
        List<String> command = command(launch);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(launch.workDir());
            process = new ProcessBuilder(command).directory(launch.workDir().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new LaunchException("cannot start agent " + launch.agentId() + " (" + String.join(" ", command.subList(0,
                    Math.min(2, command.size()))) + " ...): " + e.getMessage() + "; check the Java runtime and"
                    + " runfleet.launch.agent-app", e);
        }
        Instant started = process.info().startInstant().orElseGet(Instant::now);
        try {
            new PidFile(launch.schedulerId(), launch.studyId(), launch.agentId(), process.pid(), started)
                    .write(PidFile.of(paths.pidDir(), launch.agentId()));
        } catch (UncheckedIOException e) {
            // Without its pid file a restarted scheduler would not see this agent: do not leave it running.
            process.destroyForcibly();
            throw new LaunchException(e.getMessage() + "; check that the scheduler can write " + paths.pidDir(), e);
        }
        children.put(launch.agentId(), process);
        LOG.infof("started agent %s for study %s: pid %d, log %s", launch.agentId(), launch.studyId(), process.pid(),
                log);
        return new LaunchedAgent(KIND, launch.agentId(), launch.studyId(), Long.toString(process.pid()), true,
                Optional.empty());
    }

    /** {@code [setsid] java -D... -jar <agentApp>/quarkus-run.jar}: secrets by file path, never by value. */
    static List<String> command(AgentLaunch launch) {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        launch.properties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        launch.secretFiles().forEach((key, file) -> command.add("-D" + key + "=" + file.toAbsolutePath()));
        command.add("-jar");
        command.add(launch.agentApp().resolve("quarkus-run.jar").toString());
        return command;
    }

    @Override
    public List<LaunchedAgent> find(String schedulerId) throws LaunchException {
        Path dir = paths.pidDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<LaunchedAgent> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                Optional<PidFile> pidFile = PidFile.read(file);
                if (pidFile.isEmpty()) {
                    LOG.warnf("unreadable pid file %s left out; remove it if no agent runs with it", file);
                } else if (schedulerId.equals(pidFile.get().schedulerId())) {
                    found.add(seen(pidFile.get()));
                }
            }
        } catch (IOException e) {
            throw new LaunchException("cannot list the pid files in " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    private LaunchedAgent seen(PidFile file) {
        boolean running = file.process().isPresent();
        Optional<Integer> exitCode = running ? Optional.empty() : Optional.ofNullable(children.get(file.agentId()))
                .filter(process -> !process.isAlive()).map(Process::exitValue);
        return new LaunchedAgent(KIND, file.agentId(), file.studyId(), Long.toString(file.pid()), running, exitCode);
    }

    @Override
    public void stop(LaunchedAgent agent, Duration grace) throws LaunchException {
        Path file = PidFile.of(paths.pidDir(), agent.agentId());
        Optional<ProcessHandle> process = PidFile.read(file).flatMap(PidFile::process);
        if (process.isPresent()) {
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("agent %s (pid %d) did not stop within %d ms of SIGTERM; killing it", agent.agentId(),
                        handle.pid(), grace.toMillis());
                handle.destroyForcibly();
                handle.onExit().join();
            } catch (ExecutionException e) {
                throw new LaunchException("cannot wait for agent " + agent.agentId() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while stopping agent " + agent.agentId()
                        + "; it may still run (pid " + handle.pid() + ")", e);
            }
        }
        Process child = children.remove(agent.agentId());
        if (child != null) {
            // reaps it; one whose pid file was already gone is no longer told apart from another process: kill it
            child.destroyForcibly();
            child.onExit().join();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LaunchException("cannot remove the pid file " + file + ": " + e.getMessage(), e);
        }
    }
}
