package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.DurationText;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.AgentJvm;
import io.runfleet.cli.launch.ChildProcess;
import io.runfleet.cli.launch.ExecHandover;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.launch.JavaCommand;
import io.runfleet.wire.Pools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs a worker agent in the foreground, connected to a scheduler.",
        "SIGTERM or Ctrl-C drains it: runs in progress may finish (up to --drain-timeout), the rest are handed back."})
public final class AgentCommand implements Callable<Integer> {

    /** Past the agent's own drain timeout: time to send its last reports and exit. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

    /** How the agent reaches the services: the scheduler's ZeroMQ router, or a RabbitMQ broker. */
    public enum Transport { zeromq, rabbitmq }

    @Option(names = "--transport", paramLabel = "zeromq|rabbitmq",
            description = "zeromq (give --connect) or rabbitmq (the broker from RABBITMQ_HOST and the other RABBITMQ_* "
                    + "variables, docs/transport-rabbitmq.md); default: rabbitmq when QUARKUS_PROFILE names it, "
                    + "else zeromq.")
    Transport transport;

    @Option(names = "--connect", paramLabel = "ADDRESS",
            description = "The scheduler's ZeroMQ address, e.g. tcp://login-node:5555 (zeromq transport only).")
    String connect;

    @Option(names = "--slots", required = true, paramLabel = "N", description = "Runs executed at the same time.")
    int slots;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where run directories go (default: a directory"
            + " of this agent's own under ~/.local/share/runfleet/work).")
    Path workDir;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationText.class,
            description = "Exit after no run arrived for this long, e.g. 5m (default: never).")
    Duration idleTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationText.class, defaultValue = "30s",
            description = "On SIGTERM, how long runs in progress may still take (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--pool", paramLabel = "NAME",
            description = "Take only the runs of this pool (a study with a launch section has the pool study-<id>);"
                    + " without it, only runs without a pool.")
    String pool;

    @Option(names = "--id", paramLabel = "NAME", description = "The agent's name in logs and results (default: host-pid).")
    String agentId;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The services' data directory, when they run on this machine: the agent uses the CurveZMQ"
                    + " keys in DIR/security/curve (default: runfleet-data).")
    Path dataDir;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "This agent's CurveZMQ key pair, for an agent on another host; made on first use, its public"
                    + " key is logged at start for the services' authorized-keys (docs/security.md).")
    Path keyFile;

    @Option(names = "--scheduler-key", paramLabel = "KEY",
            description = "The scheduler's CurveZMQ public key (the public-key line of its scheduler.key), for an"
                    + " agent on another host.")
    String schedulerKey;

    /** The environment the agent inherits; tests replace it. */
    Map<String, String> environment = System.getenv();

    /**
     * Started by {@code bin/runfleet}, hands the agent's command line to the script, which becomes the agent JVM;
     * started otherwise ({@code java -jar runfleet-cli.jar agent}), runs the agent as a child and waits for it.
     */
    @Override
    public Integer call() throws InterruptedException {
        List<String> command = command(Installation.locate().workerAgent());
        Optional<ExecHandover> handover = ExecHandover.requested(environment);
        if (handover.isPresent()) {
            handover.get().write(command);
            return ExitCodes.OK;
        }
        ChildProcess agent = ChildProcess.startInheritingIo("worker agent", command);
        Thread forwardSignal = new Thread(() -> agent.stop(drainTimeout.plus(EXIT_MARGIN)), "runfleet-agent-stop");
        Runtime.getRuntime().addShutdownHook(forwardSignal);
        return agent.waitFor();
    }

    List<String> command(Path agentJar) {
        Transport chosen = validate();
        JavaCommand command = AgentJvm.command(agentJar);
        if (chosen == Transport.zeromq) {
            command.property("runfleet.agent.connect", connect);
        } else if (!profileNamesRabbitMq()) {
            command.property("quarkus.profile", "rabbitmq");
        }
        command.property("runfleet.agent.slots", slots)
                .property("runfleet.agent.drain-timeout", drainTimeout);
        if (workDir != null) {
            command.property("runfleet.agent.work-dir", workDir.toAbsolutePath());
        }
        if (idleTimeout != null) {
            command.property("runfleet.agent.idle-timeout", idleTimeout);
        }
        if (agentId != null) {
            command.property("runfleet.agent.id", agentId);
        }
        if (pool != null) {
            command.property("runfleet.agent.pool", pool);
        }
        if (dataDir != null) {
            command.property("runfleet.data-dir", dataDir.toAbsolutePath());
        }
        if (keyFile != null) {
            command.property("runfleet.security.curve.key-file", keyFile.toAbsolutePath());
        }
        if (schedulerKey != null) {
            command.property("runfleet.security.curve.scheduler-key", schedulerKey);
        }
        return command.toList();
    }

    /** The agent takes the RabbitMQ profile from QUARKUS_PROFILE (e.g. {@code rabbitmq} or {@code prod,rabbitmq}). */
    private boolean profileNamesRabbitMq() {
        String profiles = environment.getOrDefault("QUARKUS_PROFILE", "");
        return List.of(profiles.split(",")).stream().map(String::strip).anyMatch("rabbitmq"::equals);
    }

    private Transport validate() {
        Transport chosen = transport != null ? transport : profileNamesRabbitMq() ? Transport.rabbitmq : Transport.zeromq;
        if (chosen == Transport.rabbitmq) {
            if (connect != null) {
                throw new CliException("--connect: the rabbitmq transport reaches the services through the broker "
                        + "(RABBITMQ_HOST, ...); leave --connect out", ExitCodes.USAGE);
            }
        } else if (connect == null) {
            throw new CliException("--connect: the zeromq transport needs the scheduler's address, e.g. --connect "
                    + "tcp://localhost:5555 (for a RabbitMQ deployment give --transport rabbitmq)", ExitCodes.USAGE);
        } else if (!connect.matches("tcp://[^\\s:/]+:\\d{1,5}")) {
            throw new CliException("--connect: '" + connect + "' is not a ZeroMQ address; write tcp://HOST:PORT, "
                    + "e.g. tcp://localhost:5555", ExitCodes.USAGE);
        }
        if (slots < 1) {
            throw new CliException("--slots: must be at least 1, was " + slots, ExitCodes.USAGE);
        }
        String poolProblem = pool == null ? null : Pools.problem("--pool", pool);
        if (poolProblem != null) {
            throw new CliException(poolProblem, ExitCodes.USAGE);
        }
        if (idleTimeout != null && idleTimeout.isZero()) {
            throw new CliException("--idle-timeout: must be longer than 0; leave it out to never exit when idle",
                    ExitCodes.USAGE);
        }
        return chosen;
    }
}
