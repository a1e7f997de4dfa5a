import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Throughput benchmark: N runs of /bin/true and N in-process no-op runs through the whole system
 * (scheduler, results service and agents as separate processes, results persisted in PostgreSQL),
 * beside two baselines measured in the same invocation on the same machine: a bare Java
 * ProcessBuilder loop with 2 threads and `xargs -P2`. Prints runs per second and ratios.
 *
 * Run through bench/run.sh, which builds the jars and prepares the database.
 */
public final class Bench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final int runs;
    private final int agents;
    private final int slots;
    private final String dbUrl;
    private final String dbUser;
    private final Path logs;
    private final List<Process> started = new ArrayList<>();

    private Bench(Path root, int runs, int agents, int slots, String dbUrl, String dbUser) throws IOException {
        this.root = root;
        this.runs = runs;
        this.agents = agents;
        this.slots = slots;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.logs = Files.createDirectories(root.resolve("bench/target/logs"));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("runfleet.root", ".")).toAbsolutePath().normalize();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int agents = Integer.getInteger("bench.agents", 2);
        int slots = Integer.getInteger("bench.slots", 2);
        String dbUrl = System.getProperty("bench.db-url", "jdbc:postgresql://127.0.0.1:5432/runfleet_bench");
        String dbUser = System.getProperty("bench.db-user", "postgres");
        Bench bench = new Bench(root, runs, agents, slots, dbUrl, dbUser);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        bench.run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Runfleet throughput, N=%d, %d cores, %d agents x %d slots, launch mechanism %s%n",
                runs, Runtime.getRuntime().availableProcessors(), agents, slots,
                System.getProperty("jdk.lang.Process.launchMechanism", "default"));
        double xargs = perSecond(runs, this::xargsBaseline);
        double processBuilder = perSecond(runs, this::processBuilderBaseline);

        String scheduler = startSystem();
        // Warm-up: the services are long-running, so the figures are for JIT-compiled code, not for the
        // first seconds in which the compiler threads compete with the runs for the same two cores.
        runStudy(scheduler, "warmup-true", runs, "\"command\": [\"/bin/true\"]");
        runStudy(scheduler, "warmup-noop", runs, "\"builtin\": \"noop\"");
        double systemTrue = runStudy(scheduler, "bench-true", runs, "\"command\": [\"/bin/true\"]");
        double systemNoop = runStudy(scheduler, "bench-noop", runs, "\"builtin\": \"noop\"");
        stopAll();

        System.out.println();
        System.out.printf(Locale.ROOT, "%-44s %12s %10s%n", "what", "runs/s", "vs xargs");
        row("xargs -P2 /bin/true", xargs, xargs);
        row("Java ProcessBuilder, 2 threads, /bin/true", processBuilder, xargs);
        row("Runfleet, /bin/true (persisted)", systemTrue, xargs);
        row("Runfleet, in-process no-op (persisted)", systemNoop, xargs);
        System.out.printf(Locale.ROOT, "%nRunfleet /bin/true vs ProcessBuilder loop: %.2f%n", systemTrue / processBuilder);
    }

    private static void row(String what, double perSecond, double xargs) {
        System.out.printf(Locale.ROOT, "%-44s %12.0f %10.2f%n", what, perSecond, perSecond / xargs);
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

    private String startSystem() throws Exception {
        int schedulerHttp = freePort();
        int resultsHttp = freePort();
        int schedulerZmq = freePort();
        int resultsZmq = freePort();
        int eventsZmq = freePort();
        List<String> db = List.of("-Dquarkus.datasource.jdbc.url=" + dbUrl, "-Dquarkus.datasource.username=" + dbUser);
        start("results", "results-service", db, List.of(
                "-Dquarkus.http.port=" + resultsHttp,
                "-Drunfleet.results.zmq-bind=tcp://127.0.0.1:" + resultsZmq,
                "-Drunfleet.results.events-bind=tcp://127.0.0.1:" + eventsZmq,
                "-Drunfleet.results.scheduler-endpoint=tcp://127.0.0.1:" + schedulerZmq));
        start("scheduler", "scheduler-service", db, List.of(
                "-Dquarkus.http.port=" + schedulerHttp,
                "-Drunfleet.scheduler.zmq-bind=tcp://127.0.0.1:" + schedulerZmq,
                "-Drunfleet.scheduler.results-endpoint=tcp://127.0.0.1:" + resultsZmq));
        String scheduler = "http://127.0.0.1:" + schedulerHttp;
        awaitHealthy(scheduler);
        awaitHealthy("http://127.0.0.1:" + resultsHttp);
        for (int i = 0; i < agents; i++) {
            // The same JVM settings as the agents `runfleet agent` starts (cli AgentJvm).
            start("agent-" + i, "worker-agent", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Djdk.lang.Process.launchMechanism=VFORK"), List.of(
                    "-Drunfleet.agent.connect=tcp://127.0.0.1:" + schedulerZmq,
                    "-Drunfleet.agent.slots=" + slots,
                    "-Drunfleet.agent.work-dir=" + root.resolve("bench/target/work-" + i)));
        }
        resultsUrl = "http://127.0.0.1:" + resultsHttp;
        return scheduler;
    }

    private String resultsUrl;

    private void start(String name, String module, List<String> jvm, List<String> props) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        command.addAll(jvm);
        command.addAll(props);
        command.addAll(List.of("-jar", root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString()));
        Path log = logs.resolve(name + ".log");
        started.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** Submits a study of {@code count} runs and returns runs per second from submission to completion. */
    private double runStudy(String scheduler, String name, int count, String template) throws Exception {
        String values = IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String study = "{\"name\": \"" + name + "\", \"parameters\": {\"grid\": {\"i\": [" + values + "]}},"
                + " \"template\": {" + template + ", \"keep\": \"none\"},"
                + " \"policy\": {\"maxParallel\": " + count + "}}";
        long start = System.nanoTime();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(scheduler + "/studies"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(study)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("submission refused: " + created.statusCode() + " " + created.body());
        }
        String id = field(created.body(), "id");
        String state;
        do {
            Thread.sleep(20);
            state = field(get(scheduler + "/studies/" + id), "state");
        } while ("ACTIVE".equals(state));
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        String csv = get(resultsUrl + "/studies/" + id + "/results?format=csv");
        long succeeded = csv.lines().filter(line -> line.contains("SUCCEEDED")).count();
        if (!"COMPLETED".equals(state) || succeeded != count) {
            throw new IllegalStateException(name + ": study " + state + " with " + succeeded + " of " + count
                    + " rows SUCCEEDED; logs in " + logs);
        }
        return perSecond;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private void awaitHealthy(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }
}
