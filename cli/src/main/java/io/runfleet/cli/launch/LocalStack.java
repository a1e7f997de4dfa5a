package io.runfleet.cli.launch;

import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded services and local agents on one machine, on free loopback ports, with H2 files and
 * logs under one data directory. {@link #close()} stops everything it started, agents first so they
 * can still report, and is safe to call from a shutdown hook and the main thread at once.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
    private static final Duration AGENT_GRACE = Duration.ofSeconds(40);
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Ports of one stack: HTTP of both services, the scheduler's router and control publisher, the results
     * router and event publisher.
     */
    record Ports(int schedulerHttp, int resultsHttp, int schedulerZmq, int schedulerControl, int resultsZmq,
                 int resultsEvents) {

        static Ports pick() {
            int[] ports = FreePorts.pick(6);
            return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]);
        }
    }

    private final Installation installation;
    private final Path dataDir;
    private final Path logDir;
    private final PrintWriter out;
    private final Ports ports = Ports.pick();
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<ChildProcess> agents = new ArrayList<>();
    private boolean closed;

    public LocalStack(Installation installation, Path dataDir, PrintWriter out) {
        this.installation = installation;
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
                        {"runfleet.scheduler.results-endpoint", zmq(ports.resultsZmq())}});
        // /health is open: no token is needed to wait for it
        ServiceAwaiter.awaitHealthy(results, new ServiceClient("results service", resultsUrl(), ApiToken.none()),
                healthTimeout);
        ServiceAwaiter.awaitHealthy(scheduler, new ServiceClient("scheduler", schedulerUrl(), ApiToken.none()),
                healthTimeout);
    }

    public void startAgents(int count, int slots) {
        Path agentJar = installation.workerAgent();
        for (int i = 1; i <= count; i++) {
            String id = "demo-agent-" + i;
            List<String> command = AgentJvm.command(agentJar)
                    .property("runfleet.agent.connect", zmq(ports.schedulerZmq()))
                    .property("runfleet.agent.slots", slots)
                    .property("runfleet.agent.id", id)
                    .property("runfleet.agent.work-dir", dataDir.resolve("work").resolve(id))
                    // CurveZMQ: the agents take the local agent key and the scheduler's public key from the
                    // keyring the services made in the data directory
                    .property("runfleet.data-dir", dataDir)
                    .toList();
            register(agents, ChildProcess.startLogged("agent " + id, command, dataDir, logDir.resolve(id + ".log")));
        }
    }

    /** Agents that exited on their own: a sign the demo cannot progress. */
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
        return register(services, ChildProcess.startLogged(name, command.toList(), dataDir, logDir.resolve(logName)));
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
