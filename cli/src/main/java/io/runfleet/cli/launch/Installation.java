package io.runfleet.cli.launch;

import io.runfleet.cli.CliException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Runfleet jars and examples are: {@code RUNFLEET_HOME} (set by {@code bin/runfleet}), or
 * else the source tree this CLI jar was built in ({@code <home>/cli/target/runfleet-cli.jar}).
 * The embedded (H2) builds of the services live apart from the PostgreSQL ones, in
 * {@code target/embedded/quarkus-app}, so that building one never overwrites the other.
 */
public final class Installation {

    private static final String QUARKUS_JAR = "quarkus-app/quarkus-run.jar";

    private final Path home;

    public Installation(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public static Installation locate() {
        String fromEnvironment = System.getenv("RUNFLEET_HOME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Installation(Path.of(fromEnvironment));
        }
        return new Installation(homeOfThisJar());
    }

    public Path home() {
        return home;
    }

    public Path embeddedScheduler() {
        return existing(home.resolve("scheduler-service/target/embedded").resolve(QUARKUS_JAR));
    }

    public Path embeddedResults() {
        return existing(home.resolve("results-service/target/embedded").resolve(QUARKUS_JAR));
    }

    /** The PostgreSQL build of the scheduler. */
    public Path scheduler() {
        return existing(home.resolve("scheduler-service/target").resolve(QUARKUS_JAR));
    }

    /** The PostgreSQL build of the results service. */
    public Path results() {
        return existing(home.resolve("results-service/target").resolve(QUARKUS_JAR));
    }

    public Path workerAgent() {
        return existing(home.resolve("worker-agent/target").resolve(QUARKUS_JAR));
    }

    public Path exampleStudy() {
        Path study = home.resolve("examples/heat/study.yaml");
        if (!Files.isRegularFile(study)) {
            throw new CliException("the example study is missing at " + study
                    + "; set RUNFLEET_HOME to the Runfleet directory or pass --study FILE");
        }
        return study;
    }

    private Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException("missing " + jar + "; start Runfleet with " + home.resolve("bin/runfleet")
                    + " (it builds what is missing) or set RUNFLEET_HOME to the Runfleet directory");
        }
        return jar;
    }

    private static Path homeOfThisJar() {
        try {
            Path location = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <home>/cli/target/runfleet-cli.jar, or <home>/cli/target/classes when run from the build tree
            Path target = location.getParent();
            if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
                return target.getParent().getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
