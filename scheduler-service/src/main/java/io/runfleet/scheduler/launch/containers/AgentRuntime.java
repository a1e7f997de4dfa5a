package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Java runtime mounted into agent containers, so that a user's image needs no Java of its own: the configured one,
 * else one made once by jlink from the scheduler's JDK.
 */
final class AgentRuntime {

    /** What the agent (Quarkus, Netty, JeroMQ, the fast-jar) needs: the same set as the project's base image. */
    static final String MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management";
    static final String SETTING = "runfleet.containers.agent-runtime";
    private static final long JLINK_MINUTES = 5;

    private final Optional<Path> configured;
    private final Path made;
    private final Path javaHome;

    /**
     * @param configured the runtime named in {@link #SETTING}
     * @param made       where a runtime made by jlink lives ({@code <data-dir>/runtime/agent-jre})
     * @param javaHome   the JDK whose jlink makes it (the scheduler's own)
     */
    AgentRuntime(Optional<Path> configured, Path made, Path javaHome) {
        this.configured = configured;
        this.made = made.toAbsolutePath().normalize();
        this.javaHome = javaHome;
    }

    /** The runtime's directory (holding bin/java), made on first use; concurrent callers wait for one jlink. */
    synchronized Path directory() throws LaunchException {
        if (configured.isPresent()) {
            Path runtime = configured.get().toAbsolutePath().normalize();
            if (!Files.isExecutable(runtime.resolve("bin/java"))) {
                throw new LaunchException(SETTING + "=" + configured.get() + " has no executable bin/java; name a"
                        + " self-contained Java 17+ runtime directory (for example one made by `jlink --add-modules "
                        + MODULES + " --output DIR`)");
            }
            return runtime;
        }
        if (!Files.isExecutable(made.resolve("bin/java"))) {
            make();
        }
        return made;
    }

    private void make() throws LaunchException {
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new LaunchException("no Java runtime for agent containers: " + SETTING + " is not set and the"
                    + " scheduler's Java (" + javaHome + ") has no jlink to make one; set " + SETTING
                    + " to a self-contained Java 17+ runtime directory, or run the scheduler on a full JDK");
        }
        // Built beside its final place and renamed into it: no caller, in this process or another, sees half a runtime.
        Path building = made.resolveSibling(made.getFileName() + ".building-" + UUID.randomUUID());
        try {
            Files.createDirectories(made.getParent());
            List<String> command = List.of(jlink.toString(), "--add-modules", MODULES, "--strip-debug",
                    "--no-header-files", "--no-man-pages", "--output", building.toString());
            Path log = Files.createTempFile("runfleet-jlink-", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(JLINK_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new LaunchException("jlink did not make the agent runtime within " + JLINK_MINUTES
                            + " minutes; set " + SETTING + " to a runtime made beforehand");
                }
                if (process.exitValue() != 0) {
                    throw new LaunchException("jlink could not make the agent runtime in " + made + ": "
                            + Files.readString(log, StandardCharsets.UTF_8).strip() + "; set " + SETTING
                            + " to a runtime made beforehand");
                }
            } finally {
                Files.deleteIfExists(log);
            }
            try {
                Files.move(building, made, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another scheduler on this data directory made it first: theirs is as good
            } catch (AtomicMoveNotSupportedException e) {
                throw new LaunchException("cannot rename " + building + " to " + made + " atomically", e);
            }
        } catch (IOException e) {
            throw new LaunchException("cannot make the agent runtime in " + made + ": " + e.getMessage() + "; set "
                    + SETTING + " to a runtime made beforehand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while making the agent runtime in " + made, e);
        } finally {
            deleteTree(building);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch directory beside the runtime is harmless
        }
    }
}
