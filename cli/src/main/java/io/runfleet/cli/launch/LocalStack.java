package io.runfleet.cli.launch;

import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded services and local agents on one machine, on free loopback ports, with H2 files and
 * logs under one data directory. {@link #close()} stops everything it started, agents first so they
 * can still report, and is safe to call from a shutdown hook and the main thread at once.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
    private static final Duration AGENT_GRACE = Duration.ofSeconds(40);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

    /**
     * Ports of one stack: HTTP of both services, the scheduler's router and control publisher, the results
     * router and event publisher.
     */
    record Ports(int schedulerHttp, int resultsHttp, int schedulerZmq, int schedulerControl, int resultsZmq,
                 int resultsEvents) {

        /** @param schedulerHttp the scheduler's HTTP port, the results service's the next; 0 for free ports */
        static Ports pick(int schedulerHttp) {
            int[] ports = FreePorts.pick(6);
            if (schedulerHttp == 0) {
                return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]);
            }
            // the free ZeroMQ ports cannot collide with the chosen pair: those are checked free and were not given out
            return new Ports(schedulerHttp, schedulerHttp + 1, ports[2], ports[3], ports[4], ports[5]);
        }
    }

    private final Installation installation;
    private final Path dataDir;
    private final Path logDir;
    private final PrintWriter out;
    private final Ports ports;
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<ChildProcess> agents = new ArrayList<>();
    private boolean closed;

    public LocalStack(Installation installation, Path dataDir, PrintWriter out) {
        this(installation, dataDir, out, 0);
    }

    /**
     * @param schedulerHttpPort the scheduler's HTTP port, the results service's the next one up, so that the other
     *                          commands reach a running stack by their default URLs (8080 and 8081); 0 for free ports
     */
    public LocalStack(Installation installation, Path dataDir, PrintWriter out, int schedulerHttpPort) {
        this.installation = installation;
        this.ports = Ports.pick(schedulerHttpPort);
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.logDir = this.dataDir.resolve("logs");
        this.out = out;
    }

    public URI schedulerUrl() {
        return URI.create("http://" + LOOPBACK + ":" + ports.schedulerHttp());
    }

    public URI resultsUrl() {
        return URI.create("http://" + LOOPBACK + ":" + ports.resultsHttp());
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Starts both services together (they find each other over ZeroMQ) and waits for their health. */
    public void startServices(Duration healthTimeout) throws InterruptedException {
        ChildProcess results = startService("results service", installation.embeddedResults(), "results-service.log",
                new String[][] {
                        {"quarkus.http.port", String.valueOf(ports.resultsHttp())},
                        {"runfleet.results.zmq-bind", zmq(ports.resultsZmq())},
                        {"runfleet.results.events-bind", zmq(ports.resultsEvents())},
                        {"runfleet.results.scheduler-endpoint", zmq(ports.schedulerZmq())}});
        ChildProcess scheduler = startService("scheduler", installation.embeddedScheduler(), "scheduler.log",
                new String[][] {
                        {"quarkus.http.port", String.valueOf(ports.schedulerHttp())},
                        {"runfleet.scheduler.zmq-bind", zmq(ports.schedulerZmq())},
                        {"runfleet.scheduler.control-bind", zmq(ports.schedulerControl())},
                        {"runfleet.scheduler.control-endpoint", zmq(ports.schedulerControl())},
                        {"runfleet.scheduler.results-endpoint", zmq(ports.resultsZmq())},
                        // agents the scheduler launches for a study with a launch section run this installation's jar
                        {"runfleet.launch.agent-app", installation.home().resolve("worker-agent/target/quarkus-app")
                                .toString()}});
        // /health is open: no token is needed to wait for it
        ServiceAwaiter.awaitHealthy(results, new ServiceClient("results service", resultsUrl(), ApiToken.none()),
                healthTimeout);
        ServiceAwaiter.awaitHealthy(scheduler, new ServiceClient("scheduler", schedulerUrl(), ApiToken.none()),
                healthTimeout);
    }

    public void startAgents(int count, int slots) {
        Path agentJar = installation.workerAgent();
        for (int i = 1; i <= count; i++) {
            String id = "local-agent-" + i;
            JavaCommand command = AgentJvm.command(agentJar)
                    .property("runfleet.agent.connect", zmq(ports.schedulerZmq()))
                    .property("runfleet.agent.slots", slots)
                    .property("runfleet.agent.id", id)
                    .property("runfleet.agent.work-dir", dataDir.resolve("work").resolve(id))
                    // CurveZMQ: the agents take the local agent key and the scheduler's public key from the
                    // keyring the services made in the data directory
                    .property("runfleet.data-dir", dataDir);
            ChildProcess agent = register(agents, ChildProcess.startLogged("agent " + id, detached(command), dataDir,
                    logDir.resolve(id + ".log")));
            out.println("started agent " + id + " (pid " + agent.pid() + ", " + slots + (slots == 1 ? " slot" : " slots")
                    + ")");
        }
        out.flush();
    }

    /** Every process of the stack that is still running: for a caller that proves nothing is left behind. */
    public synchronized List<ChildProcess> running() {
        List<ChildProcess> all = new ArrayList<>(services);
        all.addAll(agents);
        return all.stream().filter(ChildProcess::isAlive).toList();
    }

    /** Agents that exited on their own: a sign the study cannot progress. */
    public List<ChildProcess> deadAgents() {
        synchronized (this) {
            return agents.stream().filter(agent -> !agent.isAlive()).toList();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!agents.isEmpty() || !services.isEmpty()) {
            out.println("stopping " + agents.size() + " agents and " + services.size() + " services...");
            out.flush();
        }
        stopAll(agents, AGENT_GRACE);
        // The scheduler goes before the results service, which may still be relaying its last events.
        List<ChildProcess> reversed = new ArrayList<>(services);
        java.util.Collections.reverse(reversed);
        stopAll(reversed, SERVICE_GRACE);
    }

    private ChildProcess startService(String name, Path jar, String logName, String[][] properties) {
        JavaCommand command = new JavaCommand(jar, "512m")
                .property("quarkus.profile", "embedded")
                .property("runfleet.data-dir", dataDir)
                .property("quarkus.http.host", LOOPBACK);
        for (String[] property : properties) {
            command.property(property[0], property[1]);
        }
        ChildProcess service = register(services, ChildProcess.startLogged(name, detached(command), dataDir,
                logDir.resolve(logName)));
        out.println("started the " + name + " (pid " + service.pid() + ")");
        out.flush();
        return service;
    }

    /**
     * The command in a session of its own where {@code setsid} exists. Ctrl-C signals the terminal's whole
     * foreground process group: without this the services would stop at the same instant as the CLI, before it
     * could cancel the study through them. {@code setsid} execs the command in its place (a child is never a
     * group leader), so the pid and the stop signals stay the JVM's own.
     */
    private static List<String> detached(JavaCommand command) {
        List<String> line = new ArrayList<>();
        if (SETSID != null) {
            line.add(SETSID.toString());
        }
        line.addAll(command.toList());
        return line;
    }

    private synchronized ChildProcess register(List<ChildProcess> group, ChildProcess process) {
        if (closed) {
            // A signal arrived while this process was being started: do not leave it behind.
            process.stop(SERVICE_GRACE);
            throw new IllegalStateException("stopping: " + process.name() + " was not kept");
        }
        group.add(process);
        return process;
    }

    private static void stopAll(List<ChildProcess> processes, Duration grace) {
        // SIGTERM to all first, then wait: they drain in parallel rather than one after another.
        processes.stream().filter(ChildProcess::isAlive).forEach(process -> {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        });
        for (ChildProcess process : processes) {
            process.stop(grace);
        }
    }

    private static String zmq(int port) {
        return "tcp://" + LOOPBACK + ":" + port;
    }
}
