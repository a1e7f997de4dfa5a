package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where launched agents live on the scheduler's machine, and the name this scheduler gives them: everything under
 * the data directory ({@code runfleet.data-dir}), so that a restarted scheduler on the same data finds them again.
 */
@ApplicationScoped
public class LaunchPaths {

    private static final String QUARKUS_RUN = "quarkus-run.jar";

    private final Path dataDir;
    private final String schedulerId;
    private final Optional<Path> agentApp;

    @Inject
    public LaunchPaths(@ConfigProperty(name = "runfleet.data-dir", defaultValue = "runfleet-data") Path dataDir,
                       SchedulerConfig scheduler, LaunchConfig launch) {
        this(dataDir, scheduler.id().filter(id -> !id.isBlank()).map(String::trim)
                .orElseGet(() -> derivedId(dataDir.toAbsolutePath().normalize())), launch.agentApp());
    }

    /** For tests: paths under {@code dataDir}, named {@code schedulerId}. */
    LaunchPaths(Path dataDir, String schedulerId, Optional<Path> agentApp) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.schedulerId = schedulerId;
        this.agentApp = agentApp;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code runfleet.scheduler.id}, else {@code scheduler-} and a digest of the host name and the data directory. */
    public String schedulerId() {
        return schedulerId;
    }

    /** The pid files of local agents, one per agent. */
    public Path pidDir() {
        return dataDir.resolve("launch").resolve("local");
    }

    /** Files the launched agents read their secrets from (key file, broker password), owner-only. */
    public Path secretDir() {
        return dataDir.resolve("launch").resolve("secrets");
    }

    /** Logs of local agents, {@code <agent id>.log} each. */
    public Path agentLogDir() {
        return dataDir.resolve("logs").resolve("agents");
    }

    /** The work directory of one launched agent. */
    public Path workDir(String agentId) {
        return dataDir.resolve("work").resolve(agentId);
    }

    /**
     * The worker agent's application directory: {@code runfleet.launch.agent-app}, else
     * {@code <home>/worker-agent/target/quarkus-app} of {@code RUNFLEET_HOME} or of a directory above this
     * scheduler's own jar (the source tree it was built in).
     *
     * @throws LaunchException naming the setting when there is none
     */
    public Path agentApp() throws LaunchException {
        if (agentApp.isPresent()) {
            Path app = agentApp.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(app.resolve(QUARKUS_RUN))) {
                throw new LaunchException("runfleet.launch.agent-app is " + app + ", which holds no " + QUARKUS_RUN
                        + "; set it to the worker agent's quarkus-app directory (built by ./mvnw -pl worker-agent"
                        + " package)");
            }
            return app;
        }
        return homes().map(home -> home.resolve("worker-agent/target/quarkus-app"))
                .filter(app -> Files.isRegularFile(app.resolve(QUARKUS_RUN))).findFirst()
                .orElseThrow(() -> new LaunchException("the worker agent's application was not found beside this"
                        + " scheduler (no worker-agent/target/quarkus-app/" + QUARKUS_RUN + " under RUNFLEET_HOME or"
                        + " a directory above " + ownLocation().orElse(Path.of("?")) + "); set runfleet.launch.agent-app"
                        + " to the directory holding the agent's " + QUARKUS_RUN));
    }

    private static Stream<Path> homes() {
        Stream<Path> fromEnvironment = Optional.ofNullable(System.getenv("RUNFLEET_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).stream();
        Stream<Path> above = ownLocation().stream().flatMap(location -> Stream.iterate(location, p -> p != null,
                Path::getParent));
        return Stream.concat(fromEnvironment, above);
    }

    private static Optional<Path> ownLocation() {
        try {
            return Optional.of(Path.of(LaunchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Stable across restarts of one installation: the same host and data directory give the same id. */
    static String derivedId(Path dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((host + "\n" + dataDir).getBytes(StandardCharsets.UTF_8));
            return "scheduler-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
