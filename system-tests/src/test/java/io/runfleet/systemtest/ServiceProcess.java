package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One packaged service or agent running as its own JVM, its output going to a log file. Stopped only
 * through the {@link Process} handle that started it.
 */
final class ServiceProcess {

    /**
     * Start-up on a busy two-core machine can take a while; the wait ends early when the process dies. A machine
     * shared by many builds may need more: {@code -Drunfleet.it.startup-timeout-seconds=N}.
     */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("runfleet.it.startup-timeout-seconds", 120));
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** HTTP/1.1, as {@link Rest}'s: no HTTP/2 connection outlives a service that was killed and started again. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The maximum heap of every service and agent unless a test asks for another. */
    static final String DEFAULT_HEAP = "384m";
    /**
     * The services here live for seconds to minutes, and several share two cores: C1 alone and the serial collector
     * start a scheduler and a results service side by side in 5.4 s instead of 8-10 s (the C2 compiler threads
     * compete for the cores during start-up), over about 150 starts a suite. Nothing here measures speed.
     */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -Xmx384m -Dkey=value... -jar jar}.
     *
     * @param properties system properties, in order
     * @param environment extra environment variables
     */
    static ServiceProcess startJar(String name, Path jar, Map<String, String> properties,
                                   Map<String, String> environment, Path logDir) {
        return startJar(name, List.of(), jar, properties, environment, logDir, DEFAULT_HEAP);
    }

    /**
     * As {@link #startJar(String, Path, Map, Map, Path)}, with {@code prefix} before {@code java}, e.g.
     * {@code ip netns exec NAME}, and the JVM's maximum heap, e.g. {@code 256m}. The prefix must exec {@code java}
     * in its place, so that stopping the handle stops the JVM.
     */
    static ServiceProcess startJar(String name, List<String> prefix, Path jar, Map<String, String> properties,
                                   Map<String, String> environment, Path logDir, String maxHeap) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " does not exist; package the service first ("
                    + "./mvnw -B package -DskipTests from the repository root)");
        }
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.addAll(TEST_JVM_OPTIONS);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return start(name, command, environment, jar.getParent(), logDir);
    }

    static ServiceProcess start(String name, List<String> command, Map<String, String> environment,
                                Path workingDir, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code url} answers 200; fails at once, with the log tail, if the process exits. */
    void awaitHealthy(String url) {
        await(name + " healthy at " + url)
                .atMost(STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    requireAlive();
                    return answers200(url);
                });
    }

    /** Waits until a line of the log matches {@code pattern}; fails at once if the process exits. */
    void awaitLogLine(Pattern pattern) {
        await(name + " logging /" + pattern + "/")
                .atMost(STARTUP_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    requireAlive();
                    return logLines().stream().anyMatch(line -> pattern.matcher(line).find());
                });
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue()
                    + " during start-up; its log ends with:" + System.lineSeparator() + logTail(40));
        }
    }

    private static boolean answers200(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to say goodbye, as when a node dies. */
    void kill() {
        process.destroyForcibly();
        waitForExit(STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. Idempotent. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_GRACE)) {
            process.destroyForcibly();
            waitForExit(STOP_GRACE);
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    List<String> logLines() {
        try {
            // Lenient decoding: a command's raw output in the log must not hide the rest of it.
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    String logTail(int lines) {
        List<String> all = logLines();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public String toString() {
        return name + "(pid=" + process.pid() + ")";
    }
}
