package io.runfleet.systemtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The whole system as separate processes for one test class: a fresh PostgreSQL database, the
 * scheduler and results services from their packaged jars, and worker agents, talking over ZeroMQ or,
 * with {@link Transport#RABBITMQ}, through a fresh virtual host of the RabbitMQ broker. Register it as a
 * static {@code @RegisterExtension} field: it starts everything before the class's first test,
 * stops it after the last, and prints the tail of every process log when a test fails.
 */
final class SystemUnderTest implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    /** Short leases and heartbeats: a killed agent's run is noticed within seconds, not minutes. */
    static final String LEASE_DURATION = "6s";
    static final String HEARTBEAT_INTERVAL = "1s";
    /**
     * The agent's own "agent ... ready" line, or Quarkus's "started in" line: the agent serves no HTTP,
     * so its log is the only sign of life. Runs reach it only once it has granted credit anyway.
     */
    private static final Pattern AGENT_READY = Pattern.compile("(?i)\\bagent\\b.*\\bready\\b|\\bstarted in\\b");
    private static final int LOG_TAIL_LINES = 60;
    /**
     * {@code prod} first: the services keep their production-only settings (batched PostgreSQL inserts),
     * which a bare {@code rabbitmq} profile would drop; {@code rabbitmq} last, so that it wins.
     */
    static final String RABBITMQ_PROFILES = "prod,rabbitmq";
    /** The queues the consumers declare (default prefix {@code runfleet.}, in the class's own vhost). */
    private static final List<String> RABBITMQ_QUEUES = List.of(
            "runfleet.run-requests", "runfleet.agent-reports", "runfleet.run-completed", "runfleet.run-results");

    private final int[] agentSlots;
    private final Transport transport;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<Path> agentWorkDirs = new ArrayList<>();
    private final List<ServiceProcess> agents = new ArrayList<>();
    private Database database;
    private RabbitMqBroker broker;
    private Path logDir;
    private int schedulerZmqPort;
    private int resultsZmqPort;
    private int eventsPort;
    private SchedulerApi scheduler;
    private ResultsApi results;
    private ServiceProcess schedulerProcess;
    private Map<String, String> schedulerSettings;
    private int schedulerStarts;
    /** Set by {@link #onEmbeddedDatabase()}: the services' H2 build, with files in this class's data directory. */
    private EmbeddedStorage embedded;
    private ServiceProcess resultsProcess;
    private Map<String, String> resultsSettings;
    private int resultsStarts;
    private Path workRoot;

    private SystemUnderTest(Transport transport, int[] agentSlots) {
        this.transport = transport;
        this.agentSlots = agentSlots.clone();
    }

    /** Over ZeroMQ: one agent per argument, with that many slots. */
    static SystemUnderTest withAgents(int... slotsPerAgent) {
        return new SystemUnderTest(Transport.ZEROMQ, slotsPerAgent);
    }

    /** Over the given transport: one agent per argument, with that many slots. */
    static SystemUnderTest withAgents(Transport transport, int... slotsPerAgent) {
        return new SystemUnderTest(transport, slotsPerAgent);
    }

    /**
     * Runs both services from their embedded build ({@code <module>/target/embedded/quarkus-app}, H2 files in
     * {@code system-tests/target/it-data/<test class>}, emptied first) instead of on a fresh PostgreSQL database.
     */
    SystemUnderTest onEmbeddedDatabase() {
        if (transport != Transport.ZEROMQ) {
            throw new IllegalStateException("the embedded database is tested over ZeroMQ only (its deployment mode)");
        }
        embedded = new EmbeddedStorage();
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        try {
            start(testClass);
        } catch (RuntimeException | Error e) {
            printLogTails("start-up of " + testClass.getSimpleName() + " failed");
            stopAll();
            throw e;
        }
    }

    private void start(Class<?> testClass) {
        logDir = ItPaths.logDir(testClass);
        workRoot = ItPaths.workDir(testClass);
        if (embedded != null) {
            embedded.prepare(testClass);
        } else {
            database = Database.createFresh();
        }
        if (transport == Transport.RABBITMQ) {
            broker = RabbitMqBroker.createFreshVirtualHost();
        }
        FreePorts ports = new FreePorts();
        int schedulerHttpPort = ports.next();
        int resultsHttpPort = ports.next();
        schedulerZmqPort = ports.next();
        resultsZmqPort = ports.next();
        eventsPort = ports.next();
        int controlPort = ports.next();

        // Both services start together: their start-ups overlap and neither needs the other to be up.
        resultsSettings = Map.of(
                "quarkus.http.port", String.valueOf(resultsHttpPort),
                "runfleet.results.zmq-bind", loopback(resultsZmqPort),
                "runfleet.results.events-bind", loopback(eventsPort),
                "runfleet.results.scheduler-endpoint", loopback(schedulerZmqPort));
        resultsProcess = startService("results", "results-service", resultsSettings);
        resultsStarts = 1;
        schedulerSettings = Map.of(
                "quarkus.http.port", String.valueOf(schedulerHttpPort),
                "runfleet.scheduler.zmq-bind", loopback(schedulerZmqPort),
                "runfleet.scheduler.results-endpoint", loopback(resultsZmqPort),
                "runfleet.scheduler.control-bind", loopback(controlPort),
                "runfleet.scheduler.control-endpoint", loopback(controlPort),
                "runfleet.scheduler.lease-duration", LEASE_DURATION,
                "runfleet.scheduler.heartbeat-interval", HEARTBEAT_INTERVAL);
        schedulerProcess = startService("scheduler", "scheduler-service", schedulerSettings);
        schedulerStarts = 1;
        // Over RabbitMQ the ZeroMQ keys above are set but unused: the profile moves every channel to the broker.
        scheduler = new SchedulerApi(new Rest("http://127.0.0.1:" + schedulerHttpPort));
        results = new ResultsApi(new Rest("http://127.0.0.1:" + resultsHttpPort));
        schedulerProcess.awaitHealthy(scheduler.rest().baseUrl() + "/health");
        resultsProcess.awaitHealthy(results.rest().baseUrl() + "/health");

        for (int i = 0; i < agentSlots.length; i++) {
            agents.add(startAgent("agent-" + (char) ('a' + i), agentSlots[i], workRoot));
        }
        agents.forEach(agent -> agent.awaitLogLine(AGENT_READY));
        if (broker != null) {
            // The agents' ready line may come before their connector has declared the run-requests queue.
            broker.awaitQueues(RABBITMQ_QUEUES);
        }
    }

    /** SIGKILL of the scheduler process: no shutdown hook, nothing flushed, as in a crash. */
    void killScheduler() {
        schedulerProcess.kill();
    }

    /** A new scheduler process with the settings of the first (ports, database, transport); waits until healthy. */
    void startSchedulerAgain() {
        schedulerStarts++;
        schedulerProcess = startService("scheduler-" + schedulerStarts, "scheduler-service", schedulerSettings);
        schedulerProcess.awaitHealthy(scheduler.rest().baseUrl() + "/health");
    }

    ServiceProcess schedulerProcess() {
        return schedulerProcess;
    }

    /** SIGKILL of the results service: whatever it acknowledged must already be on its database. */
    void killResults() {
        resultsProcess.kill();
    }

    /** A new results service process with the settings of the first (ports, database); waits until healthy. */
    void startResultsAgain() {
        resultsStarts++;
        resultsProcess = startService("results-" + resultsStarts, "results-service", resultsSettings);
        resultsProcess.awaitHealthy(results.rest().baseUrl() + "/health");
    }

    ServiceProcess resultsProcess() {
        return resultsProcess;
    }

    /** Starts one more agent (named after the ones before it) and waits until it is ready; answers it. */
    ServiceProcess startAnotherAgent(int slots) {
        ServiceProcess agent = startAgent("agent-" + (char) ('a' + agents.size()), slots, workRoot);
        agents.add(agent);
        agent.awaitLogLine(AGENT_READY);
        return agent;
    }

    /** Adds what the transport needs: over RabbitMQ the profile and the broker's virtual host. */
    private Map<String, String> withTransport(Map<String, String> properties) {
        if (broker != null) {
            properties.put("quarkus.profile", RABBITMQ_PROFILES);
            properties.putAll(broker.clientProperties());
        }
        return properties;
    }

    private ServiceProcess startService(String name, String module, Map<String, String> specific) {
        Map<String, String> properties = new LinkedHashMap<>(specific);
        properties.put("quarkus.http.host", "127.0.0.1");
        Path jar = ItPaths.serviceJar(module);
        if (embedded != null) {
            properties.putAll(embedded.properties());
            jar = EmbeddedStorage.serviceJar(module);
        } else {
            properties.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            properties.put("quarkus.datasource.username", database.user());
            properties.put("quarkus.datasource.password", database.password());
        }
        ServiceProcess process = ServiceProcess.startJar(name, jar, withTransport(properties), Map.of(), logDir);
        processes.add(process);
        return process;
    }

    private ServiceProcess startAgent(String name, int slots, Path workRoot) {
        Path workDir = workRoot.resolve(name);
        agentWorkDirs.add(workDir);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runfleet.agent.connect", loopback(schedulerZmqPort));
        properties.put("runfleet.agent.slots", String.valueOf(slots));
        properties.put("runfleet.agent.work-dir", workDir.toString());
        properties.put("runfleet.agent.drain-timeout", "5s");
        // The agent serves no HTTP; should an HTTP server come along with an extension, it must not take 8080.
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", "0");
        properties.put("jdk.lang.Process.launchMechanism", "VFORK");
        ServiceProcess process = ServiceProcess.startJar(name, ItPaths.serviceJar("worker-agent"), withTransport(properties),
                Map.of(), logDir);
        processes.add(process);
        return process;
    }

    private static String loopback(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    private void stopAll() {
        // Agents first, so that none reports to a service that is already gone; then the services; then their database.
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::stop);
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTails(context.getDisplayName() + " failed");
    }

    void printLogTails(String why) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess process : processes) {
            out.append(System.lineSeparator())
                    .append("===== ").append(why).append(": last lines of ").append(process)
                    .append(process.isAlive() ? " (running)" : " (exited)")
                    .append(", full log ").append(process.log()).append(" =====")
                    .append(System.lineSeparator())
                    .append(process.logTail(LOG_TAIL_LINES));
        }
        System.err.println(out);
    }

    Transport transport() {
        return transport;
    }

    /** Whether the services run on H2 files ({@link #onEmbeddedDatabase()}) rather than PostgreSQL. */
    boolean isEmbedded() {
        return embedded != null;
    }

    /** The broker and this class's virtual host; only over {@link Transport#RABBITMQ}. */
    RabbitMqBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("this system runs over " + transport + ", not RabbitMQ");
        }
        return broker;
    }

    SchedulerApi scheduler() {
        return scheduler;
    }

    ResultsApi results() {
        return results;
    }

    ServiceProcess agent(int index) {
        return agents.get(index);
    }

    Path agentWorkDir(int index) {
        return agentWorkDirs.get(index);
    }

    List<Path> agentWorkDirs() {
        return List.copyOf(agentWorkDirs);
    }

    int schedulerZmqPort() {
        return schedulerZmqPort;
    }

    int resultsZmqPort() {
        return resultsZmqPort;
    }

    /** The current scheduler and results service processes (not one replaced by a {@code start...Again}). */
    List<ServiceProcess> services() {
        return processes.stream().filter(process -> !agents.contains(process))
                .filter(process -> !process.name().startsWith("scheduler") || process == schedulerProcess)
                .filter(process -> !process.name().startsWith("results") || process == resultsProcess).toList();
    }
}
