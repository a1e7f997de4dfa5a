package io.runfleet.cli.launch;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runfleet up}: brings the stack of a data directory to what was asked, starting only what does not run (the
 * first time everything, after a crash only what died) as processes that outlive this command, each recorded in the
 * {@link StackState} as soon as it started. A start that fails stops what this call started and leaves the rest as it
 * was. A Ctrl-C does not reach the processes (they run in sessions of their own): what started is recorded, and
 * {@code ps} and {@code down} find it.
 */
public final class StackUp {

    /** The scheduler's HTTP port when none is given, the results service's the next: the other commands' defaults. */
    public static final int DEFAULT_PORT = 8080;
    static final String SCHEDULER = "scheduler";
    static final String RESULTS = "results";
    private static final String AGENT_PREFIX = "local-agent-";
    private static final Duration DATABASE_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final long POLL_MILLIS = 200;
    private static final int LOG_TAIL_LINES = 30;
    /** What Quarkus logs once an application is started: the sign an agent is up (agents answer no HTTP). */
    private static final String STARTED = " started in ";

    /**
     * What to bring up; null fields take what the recorded stack had, else the defaults.
     *
     * @param postgres the PostgreSQL JDBC URL of both services, instead of H2 files
     */
    public record Request(Integer agents, Integer slots, Integer port, String postgres, Duration startTimeout) {
    }

    /** The stack as it now runs, and the names of the processes this call started. */
    public record Outcome(StackState state, List<String> started) {
    }

    private final Installation installation;
    private final Path dataDir;
    private final Path logDir;
    private final PrintWriter err;

    public StackUp(Installation installation, Path dataDir, PrintWriter err) {
        this.installation = installation;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.logDir = this.dataDir.resolve("logs");
        this.err = err;
    }

    public Outcome up(Request request) throws InterruptedException {
        try (DataDirLock lock = DataDirLock.acquireForStack(dataDir)) {
            StackState previous = StackState.read(dataDir).orElse(null);
            List<StackMember> alive = previous == null ? List.of()
                    : previous.members().stream().filter(StackMember::isRunning).toList();
            String database = database(request, previous, !alive.isEmpty());
            LocalStack.Ports ports = ports(request, previous, !alive.isEmpty());
            StackState state = new StackState(database, ports, alive);
            return new Start(state, new StackCommands(installation, dataDir, ports, database, LogRotation.DEFAULT))
                    .run(request, previous);
        }
    }

    private String database(Request request, StackState previous, boolean running) {
        String database = request.postgres() != null ? request.postgres()
                : previous != null ? previous.database() : StackState.H2;
        if (running && !database.equals(previous.database())) {
            throw new CliException("--postgres: the stack in " + dataDir + " runs on "
                    + (previous.isPostgres() ? previous.database() : "H2 files") + "; stop it with `runfleet down"
                    + dataOption() + "` first to start it on another database", ExitCodes.USAGE);
        }
        return database;
    }

    private LocalStack.Ports ports(Request request, StackState previous, boolean running) {
        if (running) {
            if (request.port() != null && request.port() != previous.ports().schedulerHttp()) {
                throw new CliException("--port " + request.port() + ": the stack in " + dataDir + " runs on port "
                        + previous.ports().schedulerHttp() + "; stop it with `runfleet down" + dataOption()
                        + "` first to move it", ExitCodes.USAGE);
            }
            return previous.ports();
        }
        int port = request.port() != null ? request.port()
                : previous != null ? previous.ports().schedulerHttp() : DEFAULT_PORT;
        return LocalStack.Ports.pick(port);
    }

    /** One bringing up: what it started, so that a failure stops exactly that. */
    private final class Start {

        private StackState state;
        private final StackCommands commands;
        private final List<StackMember> started = new ArrayList<>();

        Start(StackState state, StackCommands commands) {
            this.state = state;
            this.commands = commands;
        }

        Outcome run(Request request, StackState previous) throws InterruptedException {
            boolean resultsUp = state.member(RESULTS).isPresent();
            boolean schedulerUp = state.member(SCHEDULER).isPresent();
            List<String> missingAgents = missingAgents(request, previous);
            if (!resultsUp || !schedulerUp) {
                checkPortsFree(resultsUp, schedulerUp);
                if (state.isPostgres()) {
                    checkReachable(state.database());
                }
            }
            state.write(dataDir);
            try {
                Map<ChildProcess, ServiceClient> services = new LinkedHashMap<>();
                if (!resultsUp) {
                    ChildProcess results = start(RESULTS, StackMember.Role.RESULTS, "results service",
                            commands.results(logDir.resolve("results-service.log")), url(state.ports().resultsHttp()),
                            "results-service", 0);
                    services.put(results, new ServiceClient("results service", url(state.ports().resultsHttp()),
                            ApiToken.none()));
                }
                if (!schedulerUp) {
                    ChildProcess scheduler = start(SCHEDULER, StackMember.Role.SCHEDULER, "scheduler",
                            commands.scheduler(logDir.resolve("scheduler.log")), url(state.ports().schedulerHttp()),
                            "scheduler", 0);
                    services.put(scheduler, new ServiceClient("scheduler", url(state.ports().schedulerHttp()),
                            ApiToken.none()));
                }
                for (Map.Entry<ChildProcess, ServiceClient> service : services.entrySet()) {
                    awaitHealthy(service.getKey(), service.getValue(), request.startTimeout());
                }
                int slots = slots(request, previous);
                Map<ChildProcess, Long> agents = new LinkedHashMap<>();
                for (String id : missingAgents) {
                    // the log may hold earlier starts of this agent: only what this one writes counts
                    long logSize = sizeOf(logDir.resolve(id + ".log"));
                    agents.put(start(id, StackMember.Role.AGENT, "agent " + id,
                            commands.agent(id, slots, logDir.resolve(id + ".log")), id, id, slots), logSize);
                }
                for (Map.Entry<ChildProcess, Long> agent : agents.entrySet()) {
                    awaitStarted(agent.getKey(), agent.getValue(), request.startTimeout());
                }
                return new Outcome(state, started.stream().map(StackMember::name).toList());
            } catch (RuntimeException | InterruptedException e) {
                stopStarted();
                throw e;
            }
        }

        private List<String> missingAgents(Request request, StackState previous) {
            int wanted = request.agents() != null ? request.agents()
                    : previous != null && !previous.agents().isEmpty() ? previous.agents().size() : 1;
            List<String> missing = new ArrayList<>();
            for (int i = 1; i <= wanted; i++) {
                if (state.member(AGENT_PREFIX + i).isEmpty()) {
                    missing.add(AGENT_PREFIX + i);
                }
            }
            int beyond = state.agents().size() - (wanted - missing.size());
            if (beyond > 0) {
                // up only starts what is missing; stopping agents that work is down's to decide
                err.println(beyond + (beyond == 1 ? " agent runs" : " agents run") + " beyond --agents " + wanted
                        + " and keep" + (beyond == 1 ? "s" : "") + " running; `runfleet down" + dataOption()
                        + "`, then `runfleet up" + dataOption() + " --agents " + wanted + "` for fewer");
            }
            return missing;
        }

        /** As asked, else as the recorded agents had, else the machine's processors shared among the agents. */
        private int slots(Request request, StackState previous) {
            if (request.slots() != null) {
                return request.slots();
            }
            if (previous != null && !previous.agents().isEmpty()) {
                return previous.agents().get(0).slots();
            }
            int agents = request.agents() != null ? request.agents() : 1;
            return Math.max(1, Runtime.getRuntime().availableProcessors() / agents);
        }

        private ChildProcess start(String name, StackMember.Role role, String title, JavaCommand command,
                                   Object address, String logName, int slots) {
            Path logFile = logDir.resolve(logName + ".log");
            Path consoleFile = logDir.resolve(logName + ".console");
            ChildProcess process = ChildProcess.startSelfLogging(title, LocalStack.detached(command), dataDir, logFile,
                    consoleFile);
            // the start time as the system tells it, for the pid reuse guard; a process that already ended has none
            long startedAt = StackMember.startTimeOf(process.pid()).orElse(0L);
            StackMember member = new StackMember(name, role, process.pid(), startedAt, address.toString(),
                    logFile.toString(), consoleFile.toString(), slots);
            started.add(member);
            state = state.with(member);
            state.write(dataDir);
            err.println("started the " + title + " (pid " + process.pid() + ")");
            err.flush();
            return process;
        }

        private void awaitHealthy(ChildProcess process, ServiceClient client, Duration timeout)
                throws InterruptedException {
            try {
                ServiceAwaiter.awaitHealthy(process, client, timeout);
            } catch (CliException e) {
                if (!state.isPostgres()) {
                    throw e;
                }
                throw new CliException("--postgres " + state.database() + ": " + e.getMessage()
                        + System.lineSeparator() + "(does the database exist, and do RUNFLEET_DB_USER and "
                        + "RUNFLEET_DB_PASSWORD name a user that may use it?)", e.exitCode(), e);
            }
        }

        private void awaitStarted(ChildProcess agent, long logOffset, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!logSays(agent.logFile(), logOffset, STARTED)) {
                Integer exitCode = agent.exitCodeIfExited();
                if (exitCode != null || System.nanoTime() > deadline) {
                    throw new CliException("the " + agent.name() + " (pid " + agent.pid() + ") "
                            + (exitCode != null ? "exited with code " + exitCode : "did not start within "
                            + timeout.toSeconds() + "s") + "; the end of its log " + agent.logFile() + ":"
                            + System.lineSeparator() + agent.logTail(LOG_TAIL_LINES));
                }
                Thread.sleep(POLL_MILLIS);
            }
        }

        private void stopStarted() throws InterruptedException {
            if (started.isEmpty()) {
                return;
            }
            err.println("stopping what this start began: " + String.join(", ",
                    started.stream().map(StackMember::name).toList()));
            err.flush();
            List<StackMember> left = StackStopper.stop(started, StackStopper.SERVICE_GRACE);
            for (StackMember member : started) {
                if (!left.contains(member)) {
                    state = state.without(member.name());
                }
            }
            if (state.members().isEmpty()) {
                StackState.delete(dataDir);
            } else {
                state.write(dataDir);
            }
        }

        private void checkPortsFree(boolean resultsUp, boolean schedulerUp) {
            LocalStack.Ports ports = state.ports();
            if (!schedulerUp) {
                checkFree(ports.schedulerHttp(), "the scheduler's");
            }
            if (!resultsUp) {
                checkFree(ports.resultsHttp(), "the results service's");
            }
        }

        private void checkFree(int port, String whose) {
            if (!FreePorts.isFree(port)) {
                String owner = PortOwner.describe(port).map(description -> " by " + description).orElse("");
                throw new CliException("--port: port " + port + " (" + whose + ") is in use on 127.0.0.1" + owner
                        + "; stop that process, or give another --port (the scheduler's; the results service takes "
                        + "the next port up)", ExitCodes.USAGE);
            }
        }
    }

    /** Fails early, before anything starts, when nothing answers at the database's host and port. */
    static void checkReachable(String jdbcUrl) {
        URI uri = postgresUri(jdbcUrl);
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) DATABASE_CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new CliException("--postgres " + jdbcUrl + ": cannot reach PostgreSQL at " + host + ":" + port + " ("
                    + e.getMessage() + "); start it, or give the URL of one that runs (or leave --postgres and "
                    + "RUNFLEET_POSTGRES out for H2 files)", ExitCodes.UNREACHABLE, e);
        }
    }

    /** {@code jdbc:postgresql://host:port/db?...} as a URI, or a usage error naming the form wanted. */
    public static URI postgresUri(String jdbcUrl) {
        String prefix = "jdbc:postgresql://";
        try {
            if (jdbcUrl.startsWith(prefix)) {
                URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
                if (uri.getHost() != null && uri.getPath() != null && uri.getPath().length() > 1) {
                    return uri;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CliException("--postgres: '" + jdbcUrl + "' is no PostgreSQL JDBC URL; give one like "
                + "jdbc:postgresql://localhost:5432/runfleet", ExitCodes.USAGE);
    }

    private String dataOption() {
        return DataDir.option(dataDir, System.getenv());
    }

    private static URI url(int port) {
        return URI.create("http://" + StackCommands.LOOPBACK + ":" + port);
    }

    /** Whether {@code text} is in {@code logFile} after its first {@code offset} bytes (all of it once it rotated). */
    private static boolean logSays(Path logFile, long offset, String text) {
        if (!Files.isRegularFile(logFile)) {
            return false;
        }
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            int from = offset <= bytes.length ? (int) offset : 0;
            return new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
