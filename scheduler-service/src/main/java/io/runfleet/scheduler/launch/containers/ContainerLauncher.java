package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchedAgent;
import io.runfleet.scheduler.launch.Launcher;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Agents as containers of a study's image ({@code launch: {containers: ...}}), run with the podman or docker CLI.
 * Everything about an agent lives in its container's labels, so {@link #find} sees what a previous run of the
 * scheduler started. See docs/launchers-containers.md.
 */
@ApplicationScoped
public class ContainerLauncher implements Launcher {

    public static final String KIND = "containers";
    private static final Logger LOG = Logger.getLogger(ContainerLauncher.class);
    private static final Duration STATE_POLL = Duration.ofMillis(100);

    private final ContainersConfig config;
    private final AgentRuntime runtime;
    private final Path secretsRoot;
    private final Path logDir;
    private final Engines engines;

    @Inject
    public ContainerLauncher(ContainersConfig config,
                             @ConfigProperty(name = "runfleet.data-dir", defaultValue = "runfleet-data") String dataDir) {
        this.config = config;
        this.engines = new Engines(config);
        Path data = Path.of(dataDir);
        this.runtime = new AgentRuntime(config.agentRuntime().map(Path::of), data.resolve("runtime/agent-jre"),
                Path.of(System.getProperty("java.home")));
        this.secretsRoot = data.resolve("launch/container-secrets");
        // where the supervisor tells operators to look for an agent's log (LaunchPaths.agentLogDir)
        this.logDir = data.resolve("logs/agents");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LaunchedAgent start(AgentLaunch launch) throws LaunchException {
        if (!(launch.spec() instanceof Launch.Containers spec)) {
            throw new IllegalArgumentException("the container launcher got a " + launch.spec() + " launch");
        }
        String engineName = spec.engine().map(String::strip).orElse(Engines.DEFAULT);
        ContainerEngine engine = engines.named(engineName);
        requireImage(engine, spec.image());
        requireAgentApp(launch.agentApp());
        Optional<Path> java = config.useImageJava() ? Optional.empty() : Optional.of(runtime.directory());
        createWorkDir(launch.workDir());
        String container = Names.container(launch.schedulerId(), launch.agentId());
        SecretStore secrets = secretsOf(engine);
        // A leftover of an earlier agent under this name (a crash between create and remove) would block the name.
        secrets.remove(container);
        SecretStore.Mounted mounted = secrets.mount(container, launch.secretFiles());
        engines.remember(container, engineName);
        try {
            engine.require(RunCommand.of(launch, spec, container, java, mounted, config.network(), config.pull(),
                    engine.flavour()),
                    "starting the agent container " + container + " of " + spec.image());
            awaitSettled(engine, container);
        } catch (LaunchException | RuntimeException e) {
            // nothing half-started stays behind: neither the container nor its secrets
            removeQuietly(engine, container, secrets);
            engines.forget(container);
            throw e;
        }
        LOG.infof("started agent %s of study %s as container %s (%s, image %s)", launch.agentId(), launch.studyId(),
                container, engine, spec.image());
        return new LaunchedAgent(KIND, launch.agentId(), launch.studyId(), container, true, Optional.empty());
    }

    @Override
    public List<LaunchedAgent> find(String schedulerId) throws LaunchException {
        List<LaunchedAgent> found = new ArrayList<>();
        for (String engineName : engines.toSearch()) {
            ContainerEngine engine = engines.named(engineName);
            String ids = engine.require(List.of("ps", "--all", "--quiet", "--no-trunc", "--filter",
                    "label=" + RunCommand.LABEL_SCHEDULER + "=" + schedulerId), "listing the agent containers").stdout();
            List<String> command = new ArrayList<>(List.of("inspect", "--type", "container"));
            ids.lines().map(String::strip).filter(id -> !id.isEmpty()).forEach(command::add);
            if (command.size() == 3) {
                continue;
            }
            CommandResult inspected = engine.run(command);
            // a container removed between ps and inspect makes inspect fail for it alone; what it printed still counts
            for (LaunchedAgent agent : ContainerState.agents(inspected.stdout().isBlank() ? "[]" : inspected.stdout())) {
                engines.remember(agent.handle(), engineName);
                found.add(agent);
            }
        }
        return found;
    }

    @Override
    public void stop(LaunchedAgent agent, Duration grace) throws LaunchException {
        String container = agent.handle();
        ContainerEngine engine = engines.of(container);
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        CommandResult stopped = engine.run(List.of("stop", "--time", Long.toString(seconds), container));
        if (!stopped.succeeded() && !stopped.saysNoSuchContainer()) {
            throw new LaunchException("stopping the agent container " + container + " failed: " + stopped.describe());
        }
        keepLog(engine, agent);
        CommandResult removed = engine.run(List.of("rm", "--force", container));
        if (!removed.succeeded() && !removed.saysNoSuchContainer()) {
            throw new LaunchException("removing the agent container " + container + " failed: " + removed.describe());
        }
        secretsOf(engine).remove(container);
        engines.forget(container);
        LOG.infof("stopped and removed agent container %s (agent %s, study %s)", container, agent.agentId(), agent.studyId());
    }

    /** The container's output goes with it: kept as {@code <data-dir>/logs/agents/<agent id>.log} for a post-mortem. */
    private void keepLog(ContainerEngine engine, LaunchedAgent agent) {
        try {
            CommandResult logs = engine.run(List.of("logs", agent.handle()));
            if (logs.succeeded()) {
                Files.createDirectories(logDir);
                Files.writeString(logDir.resolve(Names.safe(agent.agentId()) + ".log"), logs.stdout() + logs.stderr());
            }
        } catch (LaunchException | IOException e) {
            LOG.warnf("could not keep the log of agent container %s: %s", agent.handle(), e.getMessage());
        }
    }

    /** A bind mount of a directory that does not exist fails (podman) or makes a root-owned one (docker). */
    private static void createWorkDir(Path workDir) throws LaunchException {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new LaunchException("cannot create the agent's work directory " + workDir + ": " + e.getMessage()
                    + "; check that the scheduler can write its data directory (runfleet.data-dir)", e);
        }
    }

    private SecretStore secretsOf(ContainerEngine engine) {
        return engine.flavour() == ContainerEngine.Flavour.PODMAN ? new PodmanSecrets(engine)
                : new BindMountSecrets(secretsRoot);
    }

    private void requireImage(ContainerEngine engine, String image) throws LaunchException {
        if (config.pull()) {
            return;
        }
        CommandResult inspected = engine.run(List.of("image", "inspect", "--format", "{{.Id}}", image));
        if (!inspected.succeeded()) {
            String cli = engine.executable().getFileName().toString();
            throw new LaunchException("the image '" + image + "' (launch.containers.image) is not in " + engine
                    + "'s local storage, and runfleet.containers.pull is off; build it (`" + cli + " build -t " + image
                    + " DIR`) or load it (`" + cli + " load -i FILE.tar`), or set runfleet.containers.pull=true where"
                    + " its registry is reachable");
        }
    }

    private static void requireAgentApp(Path agentApp) throws LaunchException {
        if (!Files.isRegularFile(agentApp.resolve("quarkus-run.jar"))) {
            throw new LaunchException("the worker agent application " + agentApp + " has no quarkus-run.jar; package"
                    + " the worker agent (worker-agent/target/quarkus-app) or point the scheduler at it");
        }
    }

    /** Fails with the container's last log lines when it exits within {@link ContainersConfig#startCheck()}. */
    private void awaitSettled(ContainerEngine engine, String container) throws LaunchException {
        long deadline = System.nanoTime() + config.startCheck().toNanos();
        do {
            CommandResult state = engine.require(List.of("inspect", "--type", "container", "--format",
                    "{{.State.Running}} {{.State.ExitCode}}", container), "reading the state of " + container);
            String[] words = state.stdout().strip().split(" ");
            if (!"true".equals(words[0])) {
                CommandResult logs = engine.run(List.of("logs", "--tail", Integer.toString(config.logLines()), container));
                throw new LaunchException("the agent container " + container + " exited at once with code "
                        + (words.length > 1 ? words[1] : "?") + "; its last log lines:" + System.lineSeparator()
                        + (logs.stdout() + logs.stderr()).strip());
            }
            try {
                Thread.sleep(STATE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while watching " + container + " start", e);
            }
        } while (System.nanoTime() < deadline);
    }

    private static void removeQuietly(ContainerEngine engine, String container, SecretStore secrets) {
        try {
            engine.run(List.of("rm", "--force", container));
            secrets.remove(container);
        } catch (LaunchException e) {
            LOG.warnf("could not clean up after the failed start of %s: %s", container, e.getMessage());
        }
    }
}
