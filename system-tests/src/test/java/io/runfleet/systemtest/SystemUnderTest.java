package io.runfleet.systemtest;

import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.CurveKeyring;
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
    private CurveKeyring keyring;
    private Path dataDir;
    private int schedulerZmqPort;
    private int resultsZmqPort;
    private int eventsPort;
    private SchedulerApi scheduler;
    private ResultsApi results;
    private ServiceProcess schedulerProcess;
    private Map<String, String> schedulerSettings;
    private int schedulerStarts;
    private String agentHeap = ServiceProcess.DEFAULT_HEAP;
    /** Null: the server of {@code TEST_DB_URL}. */
    private PrivatePostgres databaseServer;
    private AgentNetwork network = AgentNetwork.loopback();
    private final Map<String, String> extraSchedulerSettings = new LinkedHashMap<>();
    private final Map<String, String> extraAgentSettings = new LinkedHashMap<>();
    /** Whether the scheduler advertises the results router as {@code localhost}, as its default does. */
    private boolean loopbackResultsAdvertised;
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

    /** The agents' maximum heap ({@code -Xmx}), e.g. {@code 256m}; the default is {@value ServiceProcess#DEFAULT_HEAP}. */
    SystemUnderTest withAgentHeap(String maxHeap) {
        this.agentHeap = maxHeap;
        return this;
    }

    /**
     * The services use a database on {@code server}, the class's own PostgreSQL, instead of the shared one: for
     * tests that crash the database. Register {@code server} with a lower {@code @Order} than this system.
     */
    SystemUnderTest onDatabaseServer(PrivatePostgres server) {
        this.databaseServer = server;
        return this;
    }

    /** Where the services' ZeroMQ sockets listen and how agents start and reach them (network fault tests). */
    SystemUnderTest withNetwork(AgentNetwork agentNetwork) {
        this.network = agentNetwork;
        return this;
    }

    /** One more scheduler setting (a system property, e.g. a fault to inject), over the defaults above. */
    SystemUnderTest withSchedulerSetting(String key, String value) {
        extraSchedulerSettings.put(key, value);
        return this;
    }

    /** One more setting of every agent this system starts (a system property), over the defaults. */
    SystemUnderTest withAgentSetting(String key, String value) {
        extraAgentSettings.put(key, value);
        return this;
    }

    /**
     * The scheduler advertises the results router as {@code tcp://localhost:PORT}, the form of its default
     * ({@code runfleet.scheduler.results-endpoint}), instead of the address agents reach it at.
     */
    SystemUnderTest advertisingResultsAsLocalhost() {
        this.loopbackResultsAdvertised = true;
        return this;
    }

    /**
     * Runs both services from their embedded build ({@code <module>/target/embedded/quarkus-app}, H2 files in
     * the class's data directory, {@code system-tests/target/it-data/<test class>}, emptied first) instead of on a
     * fresh PostgreSQL database.
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
        // CurveZMQ keys of this class's processes, made by whichever starts first (docs/security.md)
        keyring = CurveKeyring.in(workRoot.resolve("curve"));
        dataDir = ItPaths.dataDir(testClass);
        // the services write the stack's REST tokens there at start (docs/security.md)
        Path tokensFile = dataDir.resolve("security").resolve("rest-tokens");
        if (embedded == null) {
            database = databaseServer == null ? Database.createFresh()
                    : Database.createFreshOn(databaseServer.adminUrl(), PrivatePostgres.USER, "");
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
                "runfleet.results.zmq-bind", network.serviceEndpoint(resultsZmqPort),
                "runfleet.results.events-bind", network.serviceEndpoint(eventsPort),
                "runfleet.results.scheduler-endpoint", network.serviceEndpoint(schedulerZmqPort));
        resultsProcess = startService("results", "results-service", resultsSettings);
        resultsStarts = 1;
        Map<String, String> schedulerDefaults = Map.of(
                "quarkus.http.port", String.valueOf(schedulerHttpPort),
                "runfleet.scheduler.zmq-bind", network.serviceEndpoint(schedulerZmqPort),
                // advertised to agents: the results router as the agents reach it
                "runfleet.scheduler.results-endpoint", loopbackResultsAdvertised
                        ? "tcp://localhost:" + resultsZmqPort : network.agentEndpoint(resultsZmqPort),
                "runfleet.scheduler.control-bind", network.serviceEndpoint(controlPort),
                "runfleet.scheduler.control-endpoint", network.serviceEndpoint(controlPort),
                "runfleet.scheduler.lease-duration", LEASE_DURATION,
                "runfleet.scheduler.heartbeat-interval", HEARTBEAT_INTERVAL);
        Map<String, String> settings = new LinkedHashMap<>(schedulerDefaults);
        settings.putAll(extraSchedulerSettings);
        schedulerSettings = Map.copyOf(settings);
        schedulerProcess = startService("scheduler", "scheduler-service", schedulerSettings);
        schedulerStarts = 1;
        // Over RabbitMQ the ZeroMQ keys above are set but unused: the profile moves every channel to the broker.
        scheduler = new SchedulerApi(new Rest("http://127.0.0.1:" + schedulerHttpPort, tokensFile));
        results = new ResultsApi(new Rest("http://127.0.0.1:" + resultsHttpPort, tokensFile));
        schedulerProcess.awaitHealthy(scheduler.rest().baseUrl() + "/health");
        resultsProcess.awaitHealthy(results.rest().baseUrl() + "/health");

        for (int i = 0; i < agentSlots.length; i++) {
            String name = nextAgentName();
            agents.add(startAgent(name, agentSlots[i], workRoot.resolve(name), Map.of(), Map.of()));
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

    /** The services' data directory ({@code runfleet.data-dir}): their tokens, and what the scheduler launches. */
    Path dataDir() {
        return dataDir;
    }

    /** Where every process of this system logs ({@code <name>.log}). */
    Path logDir() {
        return logDir;
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
        return startAnotherAgent(slots, Map.of());
    }

    /** {@link #startAnotherAgent(int)} with more settings (system properties) for this agent alone. */
    ServiceProcess startAnotherAgent(int slots, Map<String, String> settings) {
        String name = nextAgentName();
        return started(startAgent(name, slots, workRoot.resolve(name), settings, Map.of()));
    }

    /**
     * As {@link #startAnotherAgent}, but without {@code runfleet.agent.work-dir}, as a user starts one: the agent picks
     * its default work directory, below {@code dataHome} (its {@code XDG_DATA_HOME}).
     */
    ServiceProcess startAnotherAgentOnItsDefaultWorkDir(int slots, Path dataHome) {
        return started(startAgent(nextAgentName(), slots, null, Map.of(),
                Map.of("XDG_DATA_HOME", dataHome.toString())));
    }

    /** Agents are named after the ones before them: agent-a, agent-b, ... */
    private String nextAgentName() {
        return "agent-" + (char) ('a' + agents.size());
    }

    private ServiceProcess started(ServiceProcess agent) {
        agents.add(agent);
        agent.awaitLogLine(AGENT_READY);
        return agent;
    }

    /**
     * Adds what the transport needs: over RabbitMQ the profile, the broker's virtual host and the broker user of
     * the module's role, so the whole suite runs with the documented narrow permissions.
     */
    private Map<String, String> withTransport(Map<String, String> properties, String module) {
        if (broker != null) {
            properties.put("quarkus.profile", RABBITMQ_PROFILES);
            properties.putAll(broker.clientProperties(RabbitMqBroker.roleOf(module)));
        }
        return properties;
    }

    private ServiceProcess startService(String name, String module, Map<String, String> specific) {
        Map<String, String> properties = new LinkedHashMap<>(specific);
        properties.putAll(curveKeys());
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
        properties.put("runfleet.data-dir", dataDir.toString());
        ServiceProcess process = ServiceProcess.startJar(name, jar, withTransport(properties, module), Map.of(), logDir);
        processes.add(process);
        return process;
    }

    /**
     * @param workDir null for none: the agent's default
     * @param settings system properties for this agent alone
     * @param environment variables for this agent alone
     */
    private ServiceProcess startAgent(String name, int slots, Path workDir, Map<String, String> settings,
            Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runfleet.agent.connect", network.agentEndpoint(schedulerZmqPort));
        properties.put("runfleet.agent.slots", String.valueOf(slots));
        if (workDir != null) {
            agentWorkDirs.add(workDir);
            properties.put("runfleet.agent.work-dir", workDir.toString());
        }
        properties.put("runfleet.agent.drain-timeout", "5s");
        properties.putAll(curveKeys());
        // The agent serves no HTTP; should an HTTP server come along with an extension, it must not take 8080.
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", "0");
        properties.put("jdk.lang.Process.launchMechanism", "VFORK");
        properties.putAll(extraAgentSettings);
        properties.putAll(settings);
        ServiceProcess process = ServiceProcess.startJar(name, network.agentCommandPrefix(),
                ItPaths.serviceJar("worker-agent"), withTransport(properties, "worker-agent"), environment, logDir,
                agentHeap);
        processes.add(process);
        return process;
    }

    /**
     * What a process of this system needs for CurveZMQ: the class's keyring, from which the services take
     * their key pairs and the agents the local agent key and the scheduler's public key. Add it to the
     * properties of any agent a test starts itself.
     */
    Map<String, String> curveKeys() {
        return Map.of("runfleet.security.curve.dir", keyring.directory().toString());
    }

    /** The same for an agent that cannot read the keyring (a container): its pair and the scheduler's key inline. */
    Map<String, String> curveKeysAsEnvironment() {
        CurveKeyPair agent = keyring.pair(CurveKeyring.AGENT);
        return Map.of("RUNFLEET_SECURITY_CURVE_PUBLIC_KEY", agent.publicKey(),
                "RUNFLEET_SECURITY_CURVE_SECRET_KEY", agent.secretKey(),
                "RUNFLEET_SECURITY_CURVE_SCHEDULER_KEY", keyring.pair(CurveKeyring.SCHEDULER).publicKey());
    }

    /** A raw dealer at the scheduler's router, with the keyring's {@code agent} or {@code results} pair. */
    RawDealer rawDealerAtScheduler(String keyName) {
        return RawDealer.connect(schedulerZmqPort, keyring.pair(keyName), keyring.pair(CurveKeyring.SCHEDULER).publicKey());
    }

    /** A raw dealer at the results service's router, with the local agents' pair. */
    RawDealer rawDealerAtResults() {
        return RawDealer.connect(resultsZmqPort, keyring.pair(CurveKeyring.AGENT),
                keyring.pair(CurveKeyring.RESULTS).publicKey());
    }

    /** A raw dealer at the scheduler's router with a fresh key that nobody authorised. */
    RawDealer rawDealerAtSchedulerWithUnknownKey() {
        return RawDealer.connect(schedulerZmqPort, CurveKeyPair.generate(), keyring.pair(CurveKeyring.SCHEDULER).publicKey());
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

    /** The class's fresh database, for checks no REST answer can make (what a row holds). */
    Database database() {
        return database;
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
