import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Throughput benchmark: N runs of /bin/true and N in-process no-op runs through the whole system
 * (scheduler, results service and agents as separate processes, results persisted in PostgreSQL),
 * beside two baselines measured in the same invocation on the same machine: a bare Java
 * ProcessBuilder loop with 2 threads and `xargs -P2`. The system is measured once per transport
 * (ZeroMQ, then RabbitMQ in a fresh virtual host), each time with fresh processes and its own fresh
 * database, and one table prints runs per second and ratios with a column per transport.
 *
 * Run through bench/run.sh, which builds the jars and prepares one database per transport.
 *
 * {@code bench/run.sh slurm [N]} instead compares the two ways a study reaches Slurm (docs/deploy-slurm.md): the same
 * N runs of {@code sleep 0.05} with agents in one allocation (2 agents) against one job-array task per run (2 tasks
 * at once), on the same Slurm, with the scheduler and results service of ZeroMQ on PostgreSQL and no agent of its
 * own; it prints each wall time from submission to completion and their ratio.
 */
public final class Bench {

    /** HTTP/1.1: the services speak plain HTTP on loopback, where an h2c upgrade adds a round of negotiation and nothing else. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The services' admin token (runfleet.security.auth.admin-token), made up for this run and handed over in the
     * environment, where other users cannot read it as they could a command line.
     */
    private static final String TOKEN = newToken();
    /** A study that has not finished by then is stuck (e.g. a lost message), not slow: fail instead of hanging. */
    private static final Duration STUDY_LIMIT = Duration.ofMinutes(10);

    private final Path root;
    private final int runs;
    private final int agents;
    private final int slots;
    private final String dbUrlPrefix;
    private final String dbUser;
    private final List<Transport> transports;
    private final Path logs;
    /** The processes of the running system by the name of their log file (results, scheduler, agent-0...). */
    private final Map<String, Process> started = new LinkedHashMap<>();
    /** Set while the system runs over RabbitMQ; volatile because the shutdown hook deletes it. */
    private volatile VirtualHost virtualHost;
    private String resultsUrl;
    /** Further settings of the scheduler: where the agents it launches into Slurm come from. */
    private final List<String> schedulerExtras = new ArrayList<>();
    /** A study that has not finished by then is stuck; array tasks start a JVM each, so the Slurm mode waits longer. */
    private Duration studyLimit = STUDY_LIMIT;
    /** Studies that went to Slurm: whatever is left of their jobs is cancelled at the end, by their job name. */
    private final List<String> slurmStudies = new ArrayList<>();

    private Bench(Path root, int runs, int agents, int slots, String dbUrlPrefix, String dbUser,
            List<Transport> transports) throws IOException {
        this.root = root;
        this.runs = runs;
        this.agents = agents;
        this.slots = slots;
        this.dbUrlPrefix = dbUrlPrefix;
        this.dbUser = dbUser;
        this.transports = transports;
        this.logs = Files.createDirectories(root.resolve("bench/target/logs"));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("runfleet.root", ".")).toAbsolutePath().normalize();
        if (args.length > 0 && args[0].equals("adaptive-loop")) {
            int results = args.length > 1 ? Integer.parseInt(args[1]) : 500;
            Bench bench = new Bench(root, results, Integer.getInteger("bench.agents", 2),
                    Integer.getInteger("bench.slots", 2), System.getProperty("bench.db-url-prefix", "jdbc:postgresql://127.0.0.1:5432/runfleet_bench_"),
                    System.getProperty("bench.db-user", "postgres"), List.of(Transport.ZEROMQ));
            Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
            bench.adaptiveLoop();
            return;
        }
        if (args.length > 0 && args[0].equals("worker")) {
            int count = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
            // one agent of two slots: two workers, as two processes of multiprocessing.Pool(2)
            Bench bench = new Bench(root, count, 1, 2, System.getProperty("bench.db-url-prefix",
                    "jdbc:postgresql://127.0.0.1:5432/runfleet_bench_"), System.getProperty("bench.db-user", "postgres"),
                    List.of(Transport.ZEROMQ));
            Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
            bench.workerModes();
            return;
        }
        boolean acceptance = args.length > 0 && args[0].equals("accept");
        boolean slurm = args.length > 0 && args[0].equals("slurm");
        int runs = acceptance ? (args.length > 1 ? Integer.parseInt(args[1]) : 100_000)
                : slurm ? (args.length > 1 ? Integer.parseInt(args[1]) : 2000)
                : (args.length > 0 ? Integer.parseInt(args[0]) : 2000);
        int agents = Integer.getInteger("bench.agents", 2);
        int slots = Integer.getInteger("bench.slots", 2);
        String dbUrlPrefix = System.getProperty("bench.db-url-prefix", "jdbc:postgresql://127.0.0.1:5432/runfleet_bench_");
        String dbUser = System.getProperty("bench.db-user", "postgres");
        List<Transport> transports = Transport.parseList(System.getProperty("bench.transports", "zeromq,rabbitmq"));
        if (slurm) {
            Bench bench = new Bench(root, runs, 0, 0, dbUrlPrefix, dbUser, List.of(Transport.ZEROMQ));
            Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
            bench.slurmLaunchModes();
            return;
        }
        if (acceptance) {
            Bench bench = new Bench(root, runs, 0, 0, dbUrlPrefix, dbUser, List.of(Transport.ZEROMQ));
            Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
            bench.acceptance(runs, 3);
            System.out.println("Goal: a 1,000,000-run study accepted in under 15 s, heap under 512 MB.");
            return;
        }
        Bench bench = new Bench(root, runs, agents, slots, dbUrlPrefix, dbUser, transports);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        bench.run();
    }

    /**
     * The setups the system can be measured in, with the name used in BENCH_TRANSPORTS and its label: a message
     * transport on PostgreSQL, or the embedded build (ZeroMQ, H2 files) with its shipped settings or with the
     * settings it had before its commits were made durable, so that the cost of durability reads off one table.
     */
    enum Transport {
        /** ZeroMQ on PostgreSQL as shipped: CurveZMQ on every socket. */
        ZEROMQ("zeromq", "ZeroMQ", "zeromq", null),
        /** The same, plain text (allowed on loopback only): the difference is what CurveZMQ costs. */
        ZEROMQ_PLAIN("zeromq-plain", "ZMQ plain", "zeromq_plain", null),
        RABBITMQ("rabbitmq", "RabbitMQ", "rabbitmq", null),
        /** The embedded build as shipped: every commit written to the file before it returns. */
        H2("h2", "H2 durable", null, List.of()),
        /**
         * The embedded build with H2's default write delay (500 ms), which it had before: commits return at once
         * and a background thread writes them; a process crash loses the last half second.
         */
        H2_WRITE_DELAY("h2-write-delay", "H2 delay 500", null,
                List.of("-Dquarkus.datasource.jdbc.new-connection-sql=SET WRITE_DELAY 500"));

        final String key;
        final String label;
        /** On PostgreSQL, the suffix of the database name (runfleet_bench_...): no '-' in a name without quotes. */
        final String database;
        /** For the embedded build, its extra service properties; null on PostgreSQL. */
        final List<String> embeddedProperties;

        Transport(String key, String label, String database, List<String> embeddedProperties) {
            this.key = key;
            this.label = label;
            this.database = database;
            this.embeddedProperties = embeddedProperties;
        }

        boolean embedded() {
            return embeddedProperties != null;
        }

        static List<Transport> parseList(String names) {
            List<Transport> list = new ArrayList<>();
            for (String name : names.split(",")) {
                String key = name.trim().toLowerCase(Locale.ROOT);
                Transport transport = Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("BENCH_TRANSPORTS: unknown transport '" + name
                                + "'; use a comma-separated list of zeromq, zeromq-plain, rabbitmq, h2 and"
                                + " h2-write-delay, e.g. zeromq,zeromq-plain or h2-write-delay,h2"));
                if (!list.contains(transport)) {
                    list.add(transport);
                }
            }
            return list;
        }
    }

    /**
     * The figures of the system over one transport, taken after its warm-up, with what each of its processes cost over
     * the /bin/true study.
     */
    record TransportFigures(Transport transport, double binTrue, double noop, double serial, List<ProcessCost> costs) {

        TransportFigures withOneSlot(double runsPerSecond) {
            return new TransportFigures(transport, binTrue, noop, runsPerSecond, costs);
        }

        /** Milliseconds one run adds to a bare spawn of /bin/true, runs one after another. */
        double addedLatencyMillis(double bareSpawnMillis) {
            return 1000 / serial - bareSpawnMillis;
        }
    }

    /** The runs of the one-slot study: enough for a stable figure, few enough to stay short. */
    private int serialRuns() {
        return Math.min(runs, 500);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Runfleet throughput, N=%d, %d cores, %d agents x %d slots, launch mechanism %s%n",
                runs, Runtime.getRuntime().availableProcessors(), agents, slots,
                System.getProperty("jdk.lang.Process.launchMechanism", "default"));
        double xargs = perSecond(runs, this::xargsBaseline);
        double processBuilder = perSecond(runs, this::processBuilderBaseline);
        double bareSpawnMillis = 1000 / perSecond(serialRuns(), this::serialSpawnBaseline);
        double pool = poolNoopBaseline();
        List<TransportFigures> figures = new ArrayList<>();
        for (Transport transport : transports) {
            figures.add(measure(transport));
        }
        HeatFigures heat = heatStudy();
        Acceptance acceptance = acceptance(ACCEPT_RUNS, 2);
        printTable(xargs, processBuilder, figures);
        System.out.printf(Locale.ROOT, "%-44s %16.0f%n", "Python multiprocessing.Pool(2) no-op, saved", pool);
        printCosts(runs, figures);
        printGoals(new Goals(xargs, pool, bareSpawnMillis, figures, heat, acceptance));
    }

    /** The JVM options Runfleet starts its services with (wire ServiceJvmOptions, at the local stack's heap). */
    private static final List<String> SERVICE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms32m",
            "-Xmx512m");
    /** The JVM options of every agent Runfleet starts (wire AgentJvmOptions). */
    private static final List<String> AGENT_JVM = List.of("-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Djdk.lang.Process.launchMechanism=VFORK");
    /** The study size of the acceptance goal; smaller with -Dbench.accept-runs (run.sh: BENCH_ACCEPT_RUNS). */
    private static final int ACCEPT_RUNS = Integer.getInteger("bench.accept-runs", 1_000_000);

    /** The best of the acceptance rounds: seconds to accept the study, and the heap after it. */
    record Acceptance(int runs, double seconds, long heapMegabytes, long heapAfterGcMegabytes) {
    }

    /**
     * Time to accept a study of {@code count} runs (validated, expanded and every run stored before the scheduler
     * answers 201) and the scheduler's heap afterwards, {@code rounds} times in a row in one scheduler process (the
     * first pays for class loading and the JIT). The scheduler runs alone (no agents, nothing executes) with
     * the same -Xmx as in the throughput benchmark. Answers the fastest round.
     */
    private Acceptance acceptance(int count, int rounds) throws Exception {
        int http = freePort();
        start(Transport.ZEROMQ, "scheduler-accept", serviceJar(Transport.ZEROMQ, "scheduler-service"), SERVICE_JVM, List.of(
                "-Dquarkus.datasource.jdbc.url=" + dbUrlPrefix + "accept", "-Dquarkus.datasource.username=" + dbUser,
                "-Drunfleet.security.curve.dir=" + root.resolve("bench/target/curve")),
                List.of("-Dquarkus.http.port=" + http, "-Drunfleet.scheduler.zmq-bind=tcp://127.0.0.1:" + freePort(),
                        "-Drunfleet.scheduler.results-endpoint=tcp://127.0.0.1:" + freePort(),
                        "-Drunfleet.scheduler.control-bind=tcp://127.0.0.1:" + freePort()));
        String scheduler = "http://127.0.0.1:" + http;
        awaitHealthy(scheduler);
        long pid = started.get("scheduler-accept").pid();
        System.out.printf(Locale.ROOT, "%nRunfleet study acceptance: a %d-run grid study, scheduler alone, -Xmx512m, %d cores%n",
                count, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-6s %12s %12s %18s %18s%n", "round", "accepted in", "runs/s",
                "heap used (MB)", "after full GC (MB)");
        String values = IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Acceptance best = null;
        try {
            for (int round = 1; round <= rounds; round++) {
                String study = "{\"name\": \"accept-" + round + "\", \"parameters\": {\"grid\": {\"i\": [" + values
                        + "]}}, \"template\": {\"command\": [\"/bin/true\"]}, \"policy\": {\"maxParallel\": 8}}";
                long start = System.nanoTime();
                HttpResponse<String> created = HTTP.send(authorized(scheduler + "/studies")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(study)).build(), HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - start) / 1e9;
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("submission refused: " + created.statusCode() + " " + created.body());
                }
                long used = heapUsedMegabytes(pid);
                jcmd(pid, "GC.run");
                long afterGc = heapUsedMegabytes(pid);
                System.out.printf(Locale.ROOT, "%-6d %11.2fs %12.0f %18d %18d%n", round, seconds, count / seconds, used,
                        afterGc);
                if (best == null || seconds < best.seconds()) {
                    best = new Acceptance(count, seconds, used, afterGc);
                }
            }
        } finally {
            stopAll();
        }
        return best;
    }

    /**
     * The heap in use: the sum over the collector's generations as {@code jcmd GC.heap_info} lists them (G1 prints one
     * line for its whole heap, the serial collector one per generation), not counting the metaspace it lists after.
     */
    private static long heapUsedMegabytes(long pid) throws Exception {
        String info = jcmd(pid, "GC.heap_info");
        Pattern used = Pattern.compile("used (\\d+)K");
        long kilobytes = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            Matcher generation = used.matcher(line);
            if (!line.contains("Metaspace") && !line.contains("class space") && generation.find()) {
                kilobytes += Long.parseLong(generation.group(1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no used heap: " + info);
        }
        return kilobytes / 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        return output(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command);
    }

    /** Runs a command to its end and answers what it printed (stderr included); a non-zero exit is an error. */
    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** The two ways to Slurm, with the same runs at the same concurrency: 2 agents of 1 slot, or 2 tasks at once. */
    private static final String AGENTS_LAUNCH = "{\"slurm\": {\"partition\": \"debug\", \"walltime\": \"2h\","
            + " \"maxNodesPerAllocation\": 1, \"agentsPerNode\": 2, \"cpusPerAgent\": 1, \"maxAllocations\": 1,"
            + " \"idleTimeout\": \"20s\"}}";
    private static final String ARRAY_LAUNCH = "{\"slurm\": {\"partition\": \"debug\", \"walltime\": \"2h\","
            + " \"mode\": \"array\", \"arrayThrottle\": 2, \"cpusPerAgent\": 1, \"idleTimeout\": \"20s\"}}";

    /**
     * Agents in one allocation against one array task per run: the wall time of each from submission to the last
     * result, and their ratio. Figures, not a verdict: nothing here fails on a ratio.
     */
    private void slurmLaunchModes() throws Exception {
        System.out.printf(Locale.ROOT, "Runfleet on Slurm, N=%d runs of sleep 0.05, 2 at once, %d cores%n", runs,
                Runtime.getRuntime().availableProcessors());
        studyLimit = Duration.ofSeconds(Math.max(STUDY_LIMIT.toSeconds(), runs * 10L));
        schedulerExtras.addAll(List.of(
                "-Drunfleet.launch.agent-app=" + root.resolve("worker-agent/target/quarkus-app"),
                "-Drunfleet.launch.slurm.poll-interval=1s"));
        try {
            String scheduler = startSystem(Transport.ZEROMQ);
            String sleep = "\"command\": [\"sleep\", \"0.05\"]";
            double agents = runs / runStudy(scheduler, "slurm-agents", runs, sleep, AGENTS_LAUNCH);
            double array = runs / runStudy(scheduler, "slurm-array", runs, sleep, ARRAY_LAUNCH);
            System.out.printf(Locale.ROOT, "%n%-44s %12s %10s%n", "what", "wall time s", "runs/s");
            System.out.printf(Locale.ROOT, "%-44s %12.1f %10.1f%n", "agents in one allocation (2 agents)", agents,
                    runs / agents);
            System.out.printf(Locale.ROOT, "%-44s %12.1f %10.1f%n", "one array task per run (2 at once)", array,
                    runs / array);
            System.out.printf(Locale.ROOT, "%nagents vs array tasks: %.1f times faster (the issue's goal: 20 for"
                    + " 2,000 runs of 50 ms)%n", array / agents);
        } finally {
            stopAll();
        }
    }

    /**
     * Starts the whole system over one transport, warms it up, measures it and stops it again; then the same with one
     * agent of one slot, for the latency a run adds.
     */
    private TransportFigures measure(Transport transport) throws Exception {
        TransportFigures figures = measureThroughput(transport);
        return figures.withOneSlot(oneSlotRunsPerSecond(transport));
    }

    /**
     * Runs one after another through one agent of one slot, the study's runs all queued (no parallelism limit): each
     * run's time beyond a bare spawn is what the pipeline adds between one run's end and the next one's start.
     */
    private double oneSlotRunsPerSecond(Transport transport) throws Exception {
        System.out.println("measuring one agent of one slot over " + transport.label + "...");
        try {
            if (transport == Transport.RABBITMQ) {
                virtualHost = VirtualHost.createFresh();
            }
            String scheduler = startSystem(transport, 1, 1);
            runStudy(scheduler, "warmup-one-slot", serialRuns(), "\"command\": [\"/bin/true\"]");
            return runStudy(scheduler, "bench-one-slot", serialRuns(), "\"command\": [\"/bin/true\"]");
        } finally {
            stopAll();
        }
    }

    private TransportFigures measureThroughput(Transport transport) throws Exception {
        System.out.println("measuring over " + transport.label + "...");
        try {
            if (transport == Transport.RABBITMQ) {
                virtualHost = VirtualHost.createFresh();
            }
            String scheduler = startSystem(transport);
            // Warm-up: the services are long-running, so the figures are for JIT-compiled code, not for the
            // first seconds in which the compiler threads compete with the runs for the same two cores.
            runStudy(scheduler, "warmup-true", runs, "\"command\": [\"/bin/true\"]");
            runStudy(scheduler, "warmup-noop", runs, "\"builtin\": \"noop\"");
            CostWindow window = CostWindow.open(started, runs);
            double binTrue = runStudy(scheduler, "bench-true", runs, indexGrid(runs), "\"command\": [\"/bin/true\"]",
                    "", null, window::end);
            double noop = runStudy(scheduler, "bench-noop", runs, "\"builtin\": \"noop\"");
            return new TransportFigures(transport, binTrue, noop, 0, window.costs());
        } finally {
            stopAll();
        }
    }

    private static void printTable(double xargs, double processBuilder, List<TransportFigures> figures) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%n%-44s", "what"));
        for (TransportFigures f : figures) {
            header.append(String.format(Locale.ROOT, " %16s %9s", f.transport().label + " runs/s", "vs xargs"));
        }
        System.out.println(header);
        // The baselines use no transport; they repeat in every column so that each column reads on its own.
        row("xargs -P2 /bin/true", figures, f -> xargs, xargs);
        row("Java ProcessBuilder, 2 threads, /bin/true", figures, f -> processBuilder, xargs);
        row("Runfleet, /bin/true (persisted)", figures, TransportFigures::binTrue, xargs);
        row("Runfleet, in-process no-op (persisted)", figures, TransportFigures::noop, xargs);
        StringBuilder versus = new StringBuilder(String.format(Locale.ROOT, "%nRunfleet /bin/true vs ProcessBuilder loop:"));
        for (TransportFigures f : figures) {
            versus.append(String.format(Locale.ROOT, " %s %.2f", f.transport().label, f.binTrue() / processBuilder));
        }
        System.out.println(versus);
    }

    private static void row(String what, List<TransportFigures> figures,
            ToDoubleFunction<TransportFigures> value, double xargs) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s", what));
        for (TransportFigures f : figures) {
            double perSecond = value.applyAsDouble(f);
            line.append(String.format(Locale.ROOT, " %16.0f %9.2f", perSecond, perSecond / xargs));
        }
        System.out.println(line);
    }

    /**
     * After the runs/s table, per transport: what each process of the stack cost over the /bin/true study (see
     * {@link ProcessCost}) and the stack's CPU per run in all, so that the cost of each service reads on its own.
     */
    private static void printCosts(int runs, List<TransportFigures> figures) {
        System.out.printf(Locale.ROOT, "%nCost per process over the /bin/true study (%d runs), read from /proc:"
                + " CPU per run of the JVM (utime+stime) and of the processes it started (cutime+cstime: an agent's"
                + " runs, the scheduler's launcher commands such as podman ps); the JVM's peak RSS since its start"
                + " (VmHWM) and its RSS at the end (VmRSS)%n", runs);
        for (TransportFigures f : figures) {
            System.out.printf(Locale.ROOT, "%-12s %10s %15s %11s %13s   %s%n", f.transport().label, "CPU ms/run",
                    "children ms/run", "peak RSS MB", "RSS MB at end", "measured");
            for (ProcessCost cost : f.costs()) {
                System.out.printf(Locale.ROOT, "%-12s %10.2f %15.2f %11.0f %13.0f   %s%n", cost.name(),
                        cost.cpuMillisPerRun(), cost.childrenCpuMillisPerRun(), cost.peakRssMegabytes(),
                        cost.rssMegabytes(), cost.measured());
            }
            System.out.printf(Locale.ROOT, "%-12s %10.2f %15.2f%n", "total",
                    f.costs().stream().mapToDouble(ProcessCost::cpuMillisPerRun).sum(),
                    f.costs().stream().mapToDouble(ProcessCost::childrenCpuMillisPerRun).sum());
        }
    }

    /**
     * What one process of the stack cost over a measured study. CPU in milliseconds per run of the study: the JVM's
     * own (utime + stime) apart from that of the processes it started (an agent's runs, here /bin/true; the
     * scheduler's launcher commands, such as the containers launcher's podman ps), so that Runfleet's overhead reads
     * apart from the work it launches. Memory in MB: the JVM's peak resident set since its start
     * (VmHWM, warm-ups included) and its resident set at the end of the study (VmRSS). {@code measured} says which
     * process was read: the started one, or the JVM a launcher forked.
     */
    record ProcessCost(String name, String measured, double cpuMillisPerRun, double childrenCpuMillisPerRun,
            double peakRssMegabytes, double rssMegabytes) {
    }

    /**
     * The stack's CPU and memory over one measured study, read from /proc right before the study is submitted
     * ({@link #open}) and as soon as it has ended ({@link #end}): before runStudy checks its results, since that
     * check (one request for the study's CSV) cost the results service 130 ms of CPU once measured, 0.4 ms per run of
     * a 300-run study.
     */
    private static final class CostWindow {

        /** A process of the stack at the start: its name, its JVM, which process that is, and its CPU up to then. */
        private record JvmAtStart(String name, ProcessHandle jvm, String measured, CpuTicks cpu) {
        }

        private final List<JvmAtStart> processes;
        private final int runs;
        private List<ProcessCost> costs;

        private CostWindow(List<JvmAtStart> processes, int runs) {
            this.processes = processes;
            this.runs = runs;
        }

        /** Reads every process of the running system before a study of {@code runs} runs. */
        static CostWindow open(Map<String, Process> started, int runs) throws IOException {
            List<JvmAtStart> processes = new ArrayList<>();
            for (Map.Entry<String, Process> process : started.entrySet()) {
                ProcessHandle jvm = jvmOf(process.getValue());
                String measured = jvm.pid() == process.getValue().pid() ? "JVM pid " + jvm.pid()
                        : "JVM pid " + jvm.pid() + " under launcher pid " + process.getValue().pid();
                processes.add(new JvmAtStart(process.getKey(), jvm, measured, Proc.cpuTicks(jvm)));
            }
            return new CostWindow(processes, runs);
        }

        /** Reads them again once the study has ended: what each cost per run. */
        void end() throws IOException {
            List<ProcessCost> ended = new ArrayList<>();
            for (JvmAtStart start : processes) {
                CpuTicks now = Proc.cpuTicks(start.jvm());
                ended.add(new ProcessCost(start.name(), start.measured(),
                        Proc.millis(now.own() - start.cpu().own()) / runs,
                        Proc.millis(now.children() - start.cpu().children()) / runs,
                        Proc.megabytes(start.jvm(), "VmHWM"), Proc.megabytes(start.jvm(), "VmRSS")));
            }
            costs = ended;
        }

        List<ProcessCost> costs() {
            if (costs == null) {
                throw new IllegalStateException("the cost window was not ended");
            }
            return costs;
        }
    }

    /**
     * The JVM that does a started process's work: the process itself when it is {@code java} (or a launcher that
     * exec'd it, keeping its pid), else the first descendant running {@code java}, as behind a launcher that forks
     * it; the launcher's own few ticks are not the service's.
     */
    private static ProcessHandle jvmOf(Process process) {
        ProcessHandle handle = process.toHandle();
        if (runsJava(handle)) {
            return handle;
        }
        return handle.descendants().filter(Bench::runsJava).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process at or below pid " + handle.pid()));
    }

    private static boolean runsJava(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString().equals("java"))
                .orElse(false);
    }

    /** CPU clock ticks a JVM has used, its own and its children's, at one moment. */
    private record CpuTicks(long own, long children) {
    }

    /**
     * Reads CPU and memory of processes from Linux's /proc. A nested class so that getconf runs only in the mode that
     * reads them (its constant is set on first use).
     */
    private static final class Proc {

        /** Clock ticks per second of the times in /proc/<pid>/stat: getconf CLK_TCK (100 on nearly every Linux). */
        private static final long TICKS_PER_SECOND = ticksPerSecond();

        /**
         * A JVM's own CPU and that of the processes it started: the children it has reaped show in its cutime and
         * cstime; descendants still alive (none once a study of /bin/true has ended, but a persistent worker would be)
         * count in full, their own reaped children included.
         */
        static CpuTicks cpuTicks(ProcessHandle jvm) throws IOException {
            long[] times = stat(jvm.pid());
            long children = times[2] + times[3];
            for (ProcessHandle descendant : jvm.descendants().toList()) {
                try {
                    children += Arrays.stream(stat(descendant.pid())).sum();
                } catch (IOException ended) {
                    // ended since the listing: its CPU moves to its parent's cutime and cstime once reaped
                }
            }
            return new CpuTicks(times[0] + times[1], children);
        }

        /** utime, stime, cutime and cstime of a process: fields 14 to 17 of /proc/<pid>/stat, in clock ticks. */
        private static long[] stat(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Field 2, the command in parentheses, may hold spaces: count from its closing parenthesis, where field 3
            // begins, so that field n is fields[n - 3].
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return IntStream.rangeClosed(14, 17).mapToLong(field -> Long.parseLong(fields[field - 3])).toArray();
        }

        /** A line of /proc/<pid>/status in kB (VmHWM, VmRSS...), in MB. */
        static double megabytes(ProcessHandle process, String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()) / 1024.0;
                }
            }
            throw new IllegalStateException("no " + field + " in /proc/" + process.pid() + "/status");
        }

        static double millis(long ticks) {
            return ticks * 1000.0 / TICKS_PER_SECOND;
        }

        private static long ticksPerSecond() {
            try {
                return Long.parseLong(output("getconf", "CLK_TCK").strip());
            } catch (IOException e) {
                throw new IllegalStateException("getconf CLK_TCK failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running getconf CLK_TCK", e);
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static double perSecond(int count, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void xargsBaseline() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "seq " + runs + " | xargs -P2 -n1 /bin/true")
                .inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("xargs baseline failed");
        }
    }

    /** /bin/true spawned and waited for, one after another: the bare spawn each run of the one-slot study makes. */
    private void serialSpawnBaseline() throws Exception {
        for (int i = 0; i < serialRuns(); i++) {
            new ProcessBuilder("/bin/true").start().waitFor();
        }
    }

    /** bench/pool_noop.py: multiprocessing.Pool(2) calling a no-op per parameter set, results saved at the end. */
    private double poolNoopBaseline() throws Exception {
        return Double.parseDouble(output(pythonExecutable(), "-B", root.resolve("bench/pool_noop.py").toString(),
                Integer.toString(Math.max(runs, 20_000))).strip());
    }

    private void processBuilderBaseline() throws Exception {
        AtomicInteger left = new AtomicInteger(runs);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    new ProcessBuilder("/bin/true").start().waitFor();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    /**
     * The small function of examples/worker (sim.py) through Runfleet as a persistent worker and as a process per run
     * (1 agent x 2 slots, ZeroMQ, PostgreSQL, every result persisted), beside bench/worker_bench.py's baselines without
     * Runfleet: a process per run, the worker protocol alone, and multiprocessing.Pool(2) calling the function.
     */
    /** The interpreter {@code python3} on the PATH really runs, by its absolute path. */
    private static String pythonExecutable() throws IOException, InterruptedException {
        String path = output("python3", "-c", "import sys; print(sys.executable)").strip();
        if (path.isEmpty()) {
            throw new IllegalStateException("python3 -c 'import sys; print(sys.executable)' printed nothing");
        }
        return path;
    }

    private void workerModes() throws Exception {
        Path template = root.resolve("examples/worker/template");
        String files = "\"files\": {\"runfleet_worker.py\": " + jsonString(Files.readString(template.resolve("runfleet_worker.py")))
                + ", \"sim.py\": " + jsonString(Files.readString(template.resolve("sim.py"))) + "}";
        String xs = IntStream.range(0, runs).mapToObj(Integer::toString).collect(Collectors.joining(","));
        int processRuns = Math.max(20, runs / 10);
        String fewXs = IntStream.range(0, processRuns).mapToObj(Integer::toString).collect(Collectors.joining(","));
        System.out.printf(Locale.ROOT, "Persistent worker vs a process per run vs multiprocessing.Pool(2): N=%d, %d cores,"
                + " load %.1f%n", runs, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // One interpreter for every row: a version manager's python3 on the PATH (pyenv's shim) is a script that
        // costs about 250 ms per start, which would be charged to Runfleet's process-per-run row alone.
        String python = pythonExecutable();
        System.out.printf(Locale.ROOT, "python: %s%n", python);
        Process baselines = new ProcessBuilder(python, "-B", root.resolve("bench/worker_bench.py").toString(),
                Integer.toString(runs)).redirectErrorStream(true).start();
        String baselineLines = new String(baselines.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (baselines.waitFor() != 0) {
            throw new IllegalStateException("bench/worker_bench.py failed:\n" + baselineLines);
        }
        double worker;
        double process;
        try {
            String scheduler = startSystem(Transport.ZEROMQ);
            String workerTemplate = files + ", \"worker\": [" + jsonString(python) + ", \"-B\", \"sim.py\"],"
                    + " \"timeout\": \"30s\"";
            String grid = "\"x\": [" + xs + "], \"y\": [0.5]";
            runStudy(scheduler, "warmup-worker", runs, grid, workerTemplate, "", null);
            worker = runStudy(scheduler, "bench-worker", runs, grid, workerTemplate, "", null);
            process = runStudy(scheduler, "bench-process", processRuns, "\"x\": [" + fewXs + "], \"y\": [0.5]",
                    files + ", \"command\": [" + jsonString(python) + ", \"-B\", \"sim.py\", \"{\\\"x\\\": {{ x }}, \\\"y\\\": {{ y }}}\"]",
                    " \"outputs\": [{\"json\": \"stdout\"}],", null);
        } finally {
            stopAll();
        }
        System.out.printf(Locale.ROOT, "%n%-58s %10s%n", "what (2 at a time)", "runs/s");
        System.out.printf(Locale.ROOT, "%-58s %10.1f%n", "Runfleet, persistent worker (persisted)", worker);
        System.out.printf(Locale.ROOT, "%-58s %10.1f%n", "Runfleet, python3 sim.py per run (persisted, N/10)", process);
        double pool = 0;
        for (String line : baselineLines.strip().split("\n")) {
            String[] cells = line.split("\t");
            if (cells.length == 2) {
                System.out.printf(Locale.ROOT, "%-58s %10s%n", "no Runfleet, " + cells[0], cells[1]);
                if (cells[0].equals("multiprocessing.Pool(2).map")) {
                    pool = Double.parseDouble(cells[1]);
                }
            } else {
                System.out.println(line);
            }
        }
        System.out.printf(Locale.ROOT, "%nworker / process per run: %.1fx (goal >= 5x); pool / worker: %.1fx (goal <= 2x)%n",
                worker / process, pool / worker);
    }

    /** The heat example's runs: 10 conductivities x 20 rod lengths, all stable with its 40 cells and dt. */
    private static final int HEAT_RUNS = 200;

    /** Wall times in seconds of the 200 heat runs through Runfleet's embedded stack and under xargs -P2. */
    record HeatFigures(double runfleetSeconds, double xargsSeconds) {
    }

    /**
     * Short real runs: the heat example (examples/heat, about 35 ms of awk each) 200 times, 2 at once, from submission
     * to the last result stored, through the embedded stack (ZeroMQ, H2 files, one agent of 2 slots: what `runfleet
     * run` starts), beside bench/heat_run.sh under xargs -P2 doing the same work: render input.txt in a fresh
     * directory, run simulate.sh there, keep result.json, remove the directory.
     */
    private HeatFigures heatStudy() throws Exception {
        Path template = root.resolve("examples/heat/template");
        String files = "\"files\": {\"input.txt\": " + jsonString(Files.readString(template.resolve("input.txt")))
                + ", \"simulate.sh\": " + jsonString(Files.readString(template.resolve("simulate.sh"))) + "}";
        String runTemplate = files + ", \"command\": [\"sh\", \"simulate.sh\"], \"timeout\": \"30s\"";
        String fields = " \"outputs\": [{\"json\": \"result.json\"}],";
        String grid = "\"conductivity\": [" + heatValues(0.5, 0.25, 10) + "], \"length\": [" + heatValues(1.0, 0.1, 20)
                + "], \"cells\": [40], \"steps\": [2000], \"dt\": [0.0001], \"t_left\": [100.0], \"t_right\": [20.0],"
                + " \"t_initial\": [20.0]";
        System.out.println("measuring the heat study over the embedded stack...");
        double runfleet;
        try {
            String scheduler = startSystem(Transport.H2, 1, 2);
            runStudy(scheduler, "warmup-heat", HEAT_RUNS, grid, runTemplate, fields, null);
            runfleet = HEAT_RUNS / runStudy(scheduler, "bench-heat", HEAT_RUNS, grid, runTemplate, fields, null);
        } finally {
            stopAll();
        }
        Path out = Files.createDirectories(root.resolve("bench/target/heat-xargs"));
        deleteTree(out);
        Files.createDirectories(out);
        StringBuilder pairs = new StringBuilder();
        for (String conductivity : heatValues(0.5, 0.25, 10).split(",")) {
            for (String length : heatValues(1.0, 0.1, 20).split(",")) {
                pairs.append(conductivity).append(' ').append(length).append('\n');
            }
        }
        long start = System.nanoTime();
        Process xargs = new ProcessBuilder("xargs", "-P2", "-n2", "sh", root.resolve("bench/heat_run.sh").toString(),
                template.toString(), out.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var input = xargs.getOutputStream()) {
            input.write(pairs.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (xargs.waitFor() != 0) {
            throw new IllegalStateException("xargs -P2 bench/heat_run.sh failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = Files.readAllLines(out.resolve("results.txt")).stream().filter(line -> line.contains("t_mean")).count();
        if (rows != HEAT_RUNS) {
            throw new IllegalStateException("xargs heat baseline kept " + rows + " of " + HEAT_RUNS + " results");
        }
        return new HeatFigures(runfleet, seconds);
    }

    private static String heatValues(double first, double step, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, "%.2f", first + i * step))
                .collect(Collectors.joining(","));
    }

    /** Every figure the performance goals name, from one invocation. */
    record Goals(double xargs, double pool, double bareSpawnMillis, List<TransportFigures> transports,
            HeatFigures heat, Acceptance acceptance) {
    }

    /**
     * The goals of docs/performance.md, each with what this invocation measured and whether it is met. Figures, not a
     * verdict: nothing here fails on a goal missed.
     */
    private static void printGoals(Goals goals) {
        System.out.printf(Locale.ROOT, "%nGoals (docs/performance.md), measured in this invocation%n");
        System.out.printf(Locale.ROOT, "%-58s %14s %12s %5s%n", "goal", "measured", "target", "met");
        for (TransportFigures f : goals.transports()) {
            double target = f.transport() == Transport.RABBITMQ ? 0.8 : 1.0;
            goal("/bin/true, " + f.transport().label + ", vs xargs -P2", f.binTrue() / goals.xargs(), "%.2fx",
                    ">= " + target + "x", f.binTrue() / goals.xargs() >= target);
        }
        for (TransportFigures f : goals.transports()) {
            goal("in-process no-op, " + f.transport().label + ", vs Pool(2) no-op", f.noop() / goals.pool(), "%.3gx",
                    ">= 1.0x", f.noop() >= goals.pool());
        }
        double heatRatio = goals.heat().runfleetSeconds() / goals.heat().xargsSeconds();
        goal(String.format(Locale.ROOT, "heat, 200 runs, embedded: %.1f s vs xargs %.1f s", goals.heat().runfleetSeconds(),
                goals.heat().xargsSeconds()), heatRatio, "%.2fx", "<= 1.1x", heatRatio <= 1.1);
        for (TransportFigures f : goals.transports()) {
            double added = f.addedLatencyMillis(goals.bareSpawnMillis());
            double target = f.transport() == Transport.RABBITMQ ? 2 : 1;
            goal("added latency per run, " + f.transport().label + String.format(Locale.ROOT, " (spawn %.1f ms)",
                    goals.bareSpawnMillis()), added, "%.1f ms", "< " + (int) target + " ms", added < target);
        }
        Acceptance acceptance = goals.acceptance();
        goal(String.format(Locale.ROOT, "%,d-run study accepted", acceptance.runs()), acceptance.seconds(), "%.2f s",
                "< 15 s", acceptance.seconds() < 15 && acceptance.runs() >= 1_000_000);
        goal("scheduler heap after it (before GC)", acceptance.heapMegabytes(), "%.0f MB", "< 512 MB",
                acceptance.heapMegabytes() < 512);
        for (TransportFigures f : goals.transports()) {
            ProcessCost results = f.costs().stream().filter(c -> c.name().equals("results")).findFirst().orElseThrow();
            double rows = 1000 / results.cpuMillisPerRun();
            goal("results ingest, rows per CPU-second, " + f.transport().label, rows, "%.0f", ">= 20000", rows >= 20_000);
        }
        for (TransportFigures f : goals.transports()) {
            double agent = f.costs().stream().filter(c -> c.name().startsWith("agent-"))
                    .mapToDouble(ProcessCost::peakRssMegabytes).max().orElse(0);
            goal("agent peak RSS, " + f.transport().label, agent, "%.0f MB", "< 100 MB", agent < 100);
        }
    }

    private static void goal(String what, double measured, String format, String target, boolean met) {
        System.out.printf(Locale.ROOT, "%-58s %14s %12s %5s%n", what, String.format(Locale.ROOT, format, measured),
                target, met ? "yes" : "no");
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\t' -> json.append("\\t");
                case '\r' -> json.append("\\r");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    /** A round of the built-in sampler as the scheduler's log line reports it. */
    private record SamplerRound(int results, long latencyMillis, long modelMillis) {
    }

    private static final Pattern SAMPLER_ROUND = Pattern.compile("adaptive sampler round \\d+: \\d+ new points after"
            + " \\d+ new results, (\\d+) ms after the wake-up \\(model (\\d+) ms at (\\d+) results\\)");

    /**
     * The built-in adaptive sampler's reaction time: an adaptive study of {@code runs} runs of Branin (awk, no target,
     * so that it goes on to its budget), 2 in flight, over ZeroMQ on PostgreSQL. Each result that comes in wakes the
     * sampler, which refits its Gaussian process and adds the next run, dispatched in the same scheduler round: the
     * scheduler logs the time from the wake-up (right after the result's commit) to that commit, and the model's
     * share. Printed: the median and the largest near 10, 100 and 500 results.
     */
    private void adaptiveLoop() throws Exception {
        System.out.printf(Locale.ROOT, "Runfleet adaptive sampler, %d runs, %d cores, %d agents x %d slots%n", runs,
                Runtime.getRuntime().availableProcessors(), agents, slots);
        studyLimit = Duration.ofMinutes(30);
        try {
            String scheduler = startSystem(Transport.ZEROMQ);
            String study = "{\"name\": \"bench-adaptive\", \"sampler\": {\"kind\": \"adaptive\","
                    + " \"variables\": {\"x1\": {\"min\": -5, \"max\": 10}, \"x2\": {\"min\": 0, \"max\": 15}},"
                    + " \"objectives\": {\"f\": \"minimize\"}, \"initialDesign\": {\"method\": \"lhs\", \"count\": 10,"
                    + " \"seed\": 1}, \"inFlight\": 2, \"budget\": {\"maxRuns\": " + runs + "}},"
                    + " \"template\": {\"command\": [\"awk\", \"-v\", \"x={{ x1 }}\", \"-v\", \"y={{ x2 }}\","
                    + " \"BEGIN { pi = atan2(0, -1); f = (y - 5.1 / (4 * pi * pi) * x * x + 5 / pi * x - 6) ^ 2"
                    + " + 10 * (1 - 1 / (8 * pi)) * cos(x) + 10; printf(\\\"{\\\\\\\"f\\\\\\\": %.12f}\\\", f) > \\\"result.json\\\" }\"],"
                    + " \"keep\": \"none\"}, \"outputs\": [{\"json\": \"result.json\"}], \"policy\": {\"retries\": 0}}";
            long start = System.nanoTime();
            String id = submit(scheduler, study);
            long deadline = start + studyLimit.toNanos();
            String state;
            do {
                Thread.sleep(200);
                state = field(get(scheduler + "/studies/" + id), "state");
            } while ("ACTIVE".equals(state) && System.nanoTime() < deadline);
            if (!"COMPLETED".equals(state)) {
                throw new IllegalStateException("the adaptive study ended " + state + "; logs in " + logs);
            }
            System.out.printf(Locale.ROOT, "%d runs in %.0f s%n", runs, (System.nanoTime() - start) / 1e9);
            List<SamplerRound> rounds = new ArrayList<>();
            for (String line : Files.readAllLines(logs.resolve(Transport.ZEROMQ.key + "-scheduler.log"))) {
                Matcher round = SAMPLER_ROUND.matcher(line);
                if (round.find()) {
                    rounds.add(new SamplerRound(Integer.parseInt(round.group(3)), Long.parseLong(round.group(1)),
                            Long.parseLong(round.group(2))));
                }
            }
            System.out.println("results   rounds   result to next run: median / max ms   of it the model: median / max ms");
            for (int near : new int[] {10, 100, 500}) {
                int from = near - Math.max(5, near / 10);
                int to = near + Math.max(5, near / 10);
                List<SamplerRound> window = rounds.stream().filter(r -> r.results() >= from && r.results() <= to)
                        .toList();
                if (window.isEmpty()) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%7d   %6d   %18d / %-14d   %16d / %d%n", near, window.size(),
                        median(window, SamplerRound::latencyMillis), window.stream()
                                .mapToLong(SamplerRound::latencyMillis).max().orElse(0),
                        median(window, SamplerRound::modelMillis), window.stream()
                                .mapToLong(SamplerRound::modelMillis).max().orElse(0));
            }
        } finally {
            stopAll();
        }
    }

    /** Submits a study (JSON) and answers its id. */
    private static String submit(String scheduler, String study) throws Exception {
        HttpResponse<String> created = HTTP.send(authorized(scheduler + "/studies")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(study)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("submission refused: " + created.statusCode() + " " + created.body());
        }
        return field(created.body(), "id");
    }

    private static long median(List<SamplerRound> rounds, java.util.function.ToLongFunction<SamplerRound> value) {
        long[] sorted = rounds.stream().mapToLong(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private String startSystem(Transport transport) throws Exception {
        return startSystem(transport, agents, slots);
    }

    private String startSystem(Transport transport, int agentCount, int slotsPerAgent) throws Exception {
        int schedulerHttp = freePort();
        int resultsHttp = freePort();
        int schedulerZmq = freePort();
        int resultsZmq = freePort();
        int eventsZmq = freePort();
        int controlZmq = freePort();
        List<String> common = commonProperties(transport);
        List<String> storage = storageProperties(transport);
        // Over RabbitMQ the ZeroMQ keys are set but unused: the profile moves every channel to the broker.
        start(transport, "results", serviceJar(transport, "results-service"), SERVICE_JVM, storage, List.of(
                "-Dquarkus.http.port=" + resultsHttp,
                "-Drunfleet.results.zmq-bind=tcp://127.0.0.1:" + resultsZmq,
                "-Drunfleet.results.events-bind=tcp://127.0.0.1:" + eventsZmq,
                "-Drunfleet.results.scheduler-endpoint=tcp://127.0.0.1:" + schedulerZmq));
        start(transport, "scheduler", serviceJar(transport, "scheduler-service"), SERVICE_JVM, storage, List.of(
                "-Dquarkus.http.port=" + schedulerHttp,
                "-Drunfleet.scheduler.zmq-bind=tcp://127.0.0.1:" + schedulerZmq,
                "-Drunfleet.scheduler.results-endpoint=tcp://127.0.0.1:" + resultsZmq,
                "-Drunfleet.scheduler.control-bind=tcp://127.0.0.1:" + controlZmq,
                "-Drunfleet.scheduler.control-endpoint=tcp://127.0.0.1:" + controlZmq), schedulerExtras);
        String scheduler = "http://127.0.0.1:" + schedulerHttp;
        resultsUrl = "http://127.0.0.1:" + resultsHttp;
        awaitHealthy(scheduler);
        awaitHealthy(resultsUrl);
        for (int i = 0; i < agentCount; i++) {
            start(transport, "agent-" + i, serviceJar(transport, "worker-agent"), AGENT_JVM, common, List.of(
                    "-Drunfleet.agent.connect=tcp://127.0.0.1:" + schedulerZmq,
                    "-Drunfleet.agent.slots=" + slotsPerAgent,
                    "-Drunfleet.agent.work-dir=" + root.resolve("bench/target/work-" + transport.key + "-" + i)));
        }
        if (virtualHost != null) {
            virtualHost.awaitConsumerQueues(logs);
        }
        return scheduler;
    }

    /** CurveZMQ keys (or plain text) and, over RabbitMQ, profile and broker: the same for every process of one transport. */
    private List<String> commonProperties(Transport transport) {
        List<String> properties = new ArrayList<>(List.of(
                "-Drunfleet.security.curve.dir=" + root.resolve("bench/target/curve")));
        if (transport == Transport.ZEROMQ_PLAIN) {
            properties.add("-Drunfleet.security.curve.enabled=false");
        }
        if (transport == Transport.RABBITMQ) {
            properties.addAll(virtualHost.clientProperties());
        }
        return properties;
    }

    /**
     * The services' database and the transport's properties: a fresh PostgreSQL database per transport (made by
     * run.sh), or the embedded profile with a fresh data directory.
     */
    private List<String> storageProperties(Transport transport) throws IOException {
        List<String> properties = new ArrayList<>(commonProperties(transport));
        if (transport.embedded()) {
            Path dataDir = root.resolve("bench/target/data-" + transport.key);
            deleteTree(dataDir);
            properties.add("-Dquarkus.profile=embedded");
            properties.add("-Drunfleet.data-dir=" + Files.createDirectories(dataDir));
            properties.addAll(transport.embeddedProperties);
        } else {
            properties.add("-Dquarkus.datasource.jdbc.url=" + dbUrlPrefix + transport.database);
            properties.add("-Dquarkus.datasource.username=" + dbUser);
        }
        return properties;
    }

    /** The PostgreSQL build of a module, or its embedded (H2) build under target/embedded. */
    private Path serviceJar(Transport transport, String module) {
        boolean embeddedBuild = transport.embedded() && !module.equals("worker-agent");
        return root.resolve(module + (embeddedBuild ? "/target/embedded" : "/target") + "/quarkus-app/quarkus-run.jar");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void start(Transport transport, String name, Path jar, List<String> jvm, List<String> common,
            List<String> props) throws IOException {
        start(transport, name, jar, jvm, common, props, List.of());
    }

    private void start(Transport transport, String name, Path jar, List<String> jvm, List<String> common,
            List<String> props, List<String> extras) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvm);
        command.addAll(common);
        command.addAll(props);
        command.addAll(extras);
        if (command.stream().noneMatch(argument -> argument.startsWith("-Drunfleet.data-dir="))) {
            // the services' own tokens file goes there, out of the working directory
            command.add("-Drunfleet.data-dir=" + root.resolve("bench/target/data"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = logs.resolve(transport.key + "-" + name + ".log");
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        process.environment().put("RUNFLEET_SECURITY_AUTH_ADMIN_TOKEN", TOKEN);
        started.put(name, process.start());
    }

    /** Submits a study of {@code count} runs and returns runs per second from submission to completion. */
    private double runStudy(String scheduler, String name, int count, String template) throws Exception {
        return runStudy(scheduler, name, count, template, null);
    }

    /** The same, for a study with a {@code launch} section (JSON), or none when null. */
    private double runStudy(String scheduler, String name, int count, String template, String launch)
            throws Exception {
        return runStudy(scheduler, name, count, indexGrid(count), template, "", launch);
    }

    /** The grid of those studies: {@code i} from 0 to count - 1. */
    private static String indexGrid(int count) {
        return "\"i\": [" + IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(","))
                + "]";
    }

    /** The same, with the grid's fields and top-level fields ({@code "outputs": [...],}) of its own. */
    private double runStudy(String scheduler, String name, int count, String grid, String template, String fields,
                            String launch) throws Exception {
        return runStudy(scheduler, name, count, grid, template, fields, launch, () -> { });
    }

    /**
     * The same, doing {@code ended} as soon as the study has ended, before its results are checked: that check
     * (the study's CSV) is no part of what a study costs.
     */
    private double runStudy(String scheduler, String name, int count, String grid, String template, String fields,
                            String launch, Work ended) throws Exception {
        String study = "{\"name\": \"" + name + "\", \"parameters\": {\"grid\": {" + grid + "}},"
                + " \"template\": {" + template + ", \"keep\": \"none\"}," + fields
                + (launch == null ? "" : " \"launch\": " + launch + ",")
                + " \"policy\": {\"maxParallel\": " + count + "}}";
        long start = System.nanoTime();
        String id = submit(scheduler, study);
        if (launch != null) {
            slurmStudies.add(id);
        }
        long deadline = start + studyLimit.toNanos();
        String state;
        do {
            Thread.sleep(pollMillis(System.nanoTime() - start));
            state = field(get(scheduler + "/studies/" + id), "state");
        } while ("ACTIVE".equals(state) && System.nanoTime() < deadline);
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        ended.run();
        String csv = get(resultsUrl + "/studies/" + id + "/results?format=csv");
        long succeeded = csv.lines().filter(line -> line.contains("SUCCEEDED")).count();
        if (!"COMPLETED".equals(state) || succeeded != count) {
            throw new IllegalStateException(name + ": study " + state + " with " + succeeded + " of " + count
                    + " rows SUCCEEDED (" + (csv.lines().count() - 1) + " rows in all); the scheduler explains: "
                    + explanation(scheduler, id) + "; logs in " + logs);
        }
        return perSecond;
    }

    /** What the scheduler says about a study that did not end as expected: its runs by state and why they failed. */
    private static String explanation(String scheduler, String id) {
        try {
            String text = get(scheduler + "/studies/" + id + "/explain");
            return text.length() <= 3000 ? text : text.substring(0, 3000) + "...";
        } catch (Exception e) {
            return "(no explanation: " + e.getMessage() + ")";
        }
    }

    /**
     * How long to wait before asking again whether a study has ended: about 1% of the time it has run so far, between
     * 10 and 200 ms. Each question costs the scheduler an HTTP request and a query; asked every 20 ms they were a third
     * of its CPU over a 2,000-run study, charged to the runs. The end is seen at most 1% (or 10 ms) late.
     */
    private static long pollMillis(long elapsedNanos) {
        return Math.max(10, Math.min(200, elapsedNanos / 100_000_000L));
    }

    /** The body of a 200 answer; any other status is an error that names the URL, the status and the body. */
    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(authorized(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    /**
     * Generous: a service starts in seconds on an idle machine, but took a minute on two cores shared by many builds;
     * more with -Dbench.startup-timeout-seconds=N (run.sh: BENCH_STARTUP_TIMEOUT).
     */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.startup-timeout-seconds", 180));

    private void awaitHealthy(String base) throws Exception {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the service is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(base + " did not become healthy; logs in " + logs);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private synchronized void stopAll() {
        for (Process process : started.values()) {
            process.destroy();
        }
        for (Process process : started.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
        for (String study : slurmStudies) {
            try {
                new ProcessBuilder("scancel", "--name=runfleet-" + study).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                System.err.println("could not cancel the Slurm jobs of study " + study + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        slurmStudies.clear();
        // After the processes: a client still connected would log reconnection attempts for the deleted vhost.
        if (virtualHost != null) {
            VirtualHost deleting = virtualHost;
            virtualHost = null;
            try {
                deleting.delete();
            } catch (RuntimeException e) {
                // Reported, not thrown: it must not hide the failure that brought the benchmark here.
                System.err.println("could not delete the RabbitMQ vhost " + deleting.name + ": " + e.getMessage());
            }
        }
    }

    /**
     * A virtual host {@code rf-bench-<random>} of the RabbitMQ broker at 127.0.0.1:5672 (user guest, which
     * logs in from loopback only), made with {@code rabbitmqctl}, so that no queue or message of another
     * run or test meets the benchmark's.
     */
    static final class VirtualHost {

        /** The queues every process declares when it starts (default prefix {@code runfleet.}). */
        private static final List<String> CONSUMER_QUEUES = List.of("runfleet.run-requests",
                "runfleet.agent-reports", "runfleet.run-results", "runfleet.run-completed");
        private static final Duration QUEUES_LIMIT = Duration.ofSeconds(120);

        private final String name;

        private VirtualHost(String name) {
            this.name = name;
        }

        static VirtualHost createFresh() {
            String name = "rf-bench-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            rabbitmqctl("add_vhost", name);
            VirtualHost virtualHost = new VirtualHost(name);
            try {
                rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
            } catch (RuntimeException e) {
                virtualHost.delete();
                throw e;
            }
            return virtualHost;
        }

        /** {@code prod} first to keep the services' production settings (batched inserts); {@code rabbitmq} wins. */
        List<String> clientProperties() {
            return List.of("-Dquarkus.profile=prod,rabbitmq", "-Drabbitmq-host=127.0.0.1", "-Drabbitmq-port=5672",
                    "-Drabbitmq-username=guest", "-Drabbitmq-password=guest", "-Drabbitmq-virtual-host=" + name);
        }

        /**
         * The processes declare the topology before their channels open; its queues existing shows they got that
         * far, so the first study is not timed against processes still connecting.
         */
        void awaitConsumerQueues(Path logs) throws InterruptedException {
            long deadline = System.nanoTime() + QUEUES_LIMIT.toNanos();
            while (!queueNames().containsAll(CONSUMER_QUEUES)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("vhost " + name + " still lacks some of " + CONSUMER_QUEUES
                            + " after " + QUEUES_LIMIT.toSeconds() + " s; logs in " + logs);
                }
                Thread.sleep(500);
            }
        }

        private List<String> queueNames() {
            return rabbitmqctl("list_queues", "-p", name, "--quiet", "--no-table-headers", "name")
                    .lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        }

        void delete() {
            rabbitmqctl("delete_vhost", name);
        }

        /** Runs {@code rabbitmqctl args...}; a non-zero exit is an error naming the command and its output. */
        private static String rabbitmqctl(String... args) {
            List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                // Read before waiting: a full pipe would block the command.
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " failed (is RabbitMQ running at "
                            + "127.0.0.1:5672, and may this user run rabbitmqctl?): " + out.strip());
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException("cannot run rabbitmqctl; install RabbitMQ's CLI or leave rabbitmq "
                        + "out of BENCH_TRANSPORTS", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
        }
    }
}
