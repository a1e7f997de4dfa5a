package io.runfleet.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server of the test class's own: {@code initdb} into {@code system-tests/target/private-pg/},
 * started on a free loopback port. A test that crashes the database ({@code pg_ctl stop -m immediate}) does it
 * here, never to the shared server that other builds use at the same moment.
 *
 * <p>Register it as a static {@code @RegisterExtension} with a lower {@code @Order} than the
 * {@link SystemUnderTest} that uses it: the server must be up before the services start, and it is stopped (by
 * its pid file, whatever state the test left it in) only after they have stopped. PostgreSQL refuses to run as
 * root, so every server command runs as the {@code postgres} OS user through {@code runuser}.
 */
final class PrivatePostgres implements BeforeAllCallback, AfterAllCallback {

    static final String USER = "postgres";
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final int port = new FreePorts().next();
    /** Owned by the postgres user: the data directory and the server log, which it must be able to write. */
    private final Path home = ItPaths.root().resolve("system-tests/target/private-pg")
            .resolve("pg-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT));
    private final Path dataDir = home.resolve("data");
    private final Path log = home.resolve("server.log");
    private Path bin;
    private Path keptLog;
    /** Stops the server should the JVM end without {@link #afterAll} (a build interrupted by hand). */
    private final Thread stopOnExit = new Thread(this::stopQuietly, "private-postgres-stop");

    /** The JDBC URL of the server's {@code postgres} database, fixed before the server starts. */
    String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!HostCommand.isRoot()) {
            throw new IllegalStateException("PrivatePostgres runs initdb and pg_ctl through runuser, which needs root;"
                    + " run the system tests as root (as CI does)");
        }
        bin = newestInstallation();
        // Beside the class's log directory, not in it: SystemUnderTest empties that directory when it starts.
        keptLog = ItPaths.root().resolve("system-tests/target/it-logs")
                .resolve(context.getRequiredTestClass().getSimpleName() + "-postgres.log");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
        HostCommand.run(List.of("chown", USER + ":", home.toString()), "the data directory must belong to " + USER);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        // --no-sync: the data only has to outlive the server process, not the machine.
        asPostgres("initdb", "-D", dataDir.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
        start();
    }

    /** Starts the server and waits until it accepts connections. */
    void start() {
        // fsync off for speed: an immediate stop kills the server processes, not the kernel, so written data stays.
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dataDir
                + " -c fsync=off -c max_connections=100";
        asPostgres("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-o", options, "-w", "-t", "120",
                "start");
    }

    /**
     * {@code pg_ctl stop -m immediate}: every server process quits at once, without a checkpoint, and open
     * connections break mid-transaction, as in a crash; the next start replays the WAL.
     */
    void stopImmediately() {
        asPostgres("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    }

    /** The server's log so far (every start appends to it). */
    List<String> serverLog() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the private PostgreSQL log " + log, e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (bin == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook stops the server
        }
        try {
            // pg_ctl finds the server by the pid file in the data directory; nothing running is not an error here.
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                asPostgres("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            keepLog();
            deleteTree(home);
        }
    }

    private void stopQuietly() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            HostCommand.attempt(List.of("runuser", "-u", USER, "--", bin.resolve("pg_ctl").toString(), "-D",
                    dataDir.toString(), "-m", "immediate", "-w", "stop"));
        }
    }

    private void keepLog() {
        try {
            if (Files.exists(log)) {
                Files.createDirectories(keptLog.getParent());
                Files.copy(log, keptLog, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cannot keep the private PostgreSQL log " + log + ": " + e.getMessage());
        }
    }

    private void asPostgres(String program, String... arguments) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", USER, "--", bin.resolve(program).toString()));
        command.addAll(List.of(arguments));
        HostCommand.run(command, "private PostgreSQL in " + dataDir + ", server log " + log);
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb and pg_ctl. */
    private static Path newestInstallation() {
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PrivatePostgres::majorVersion));
            return newest.orElseThrow(() -> new IllegalStateException("no initdb and pg_ctl under " + INSTALLATIONS
                    + "/<version>/bin; install the postgresql package"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + INSTALLATIONS + "; install the postgresql package", e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the private PostgreSQL data in " + dir, e);
        }
    }
}
