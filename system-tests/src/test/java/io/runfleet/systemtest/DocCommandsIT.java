package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The documents' commands, run as written: the first block of docs/deploy-local.md starts a stack ({@code up}), then every
 * {@code ```sh} block of docs/cli.md runs against it, in one shell with {@code set -e}, so a command that fails
 * fails the test. Nothing is substituted. The shell runs in a network namespace of its own (loopback only): the
 * documented fixed ports (8080, 8081, 5555, ...) cannot collide with anything else on the machine. At the end
 * everything the blocks started in the background gets SIGTERM and is waited for.
 *
 * <p>Left out: docs/deploy-local.md's block that starts the same stack by hand, and its PostgreSQL block (it builds
 * everything and needs {@code createdb}).
 */
class DocCommandsIT {

    private static final long TIMEOUT_MINUTES = 15;

    @Test
    void theEmbeddedBlockOfDeployLocalThenTheSessionOfCliRunAsWritten() throws Exception {
        Path root = ItPaths.root();
        List<String> deployLocal = shellBlocks(root.resolve("docs/deploy-local.md"));
        assertThat(deployLocal).as("sh blocks of docs/deploy-local.md").hasSizeGreaterThanOrEqualTo(2);
        String embedded = deployLocal.get(0);
        assertThat(embedded).contains("embedded").contains("submit");
        List<String> cli = shellBlocks(root.resolve("docs/cli.md"));
        assertThat(cli).as("sh blocks of docs/cli.md").isNotEmpty();

        Path work = ItPaths.workDir(DocCommandsIT.class);
        linkSources(root, work);
        StringBuilder script = new StringBuilder()
                // a stack of `runfleet up` runs in sessions of its own: `down` stops it; then SIGTERM to everything
                // else the blocks left running, and wait for it; the blocks' status is the exit code
                .append("trap 'status=$?; trap \"\" TERM; bin/runfleet down || status=1; kill -TERM 0; wait; "
                        + "exit $status' EXIT\n")
                .append("set -ex\n")
                .append(embedded).append('\n');
        cli.forEach(block -> script.append(block).append('\n'));
        Path scriptFile = Files.writeString(work.resolve("doc-commands.sh"), script);
        Path log = ItPaths.logDir(DocCommandsIT.class).resolve("doc-commands.log");

        String namespace = "rf-doc-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        run("ip", "netns", "add", namespace);
        try {
            run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, "setsid", "bash",
                    scriptFile.toString()).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("RUNFLEET_HOME", root.toString());
            builder.environment().remove("RUNFLEET_TOKEN");
            Process shell = builder.start();
            boolean ended = shell.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                shell.descendants().forEach(ProcessHandle::destroy);
                shell.destroy();
            }
            String output = Files.readString(log);
            assertThat(ended).as("the blocks ended within %d min; %s", TIMEOUT_MINUTES, tail(output)).isTrue();
            assertThat(shell.exitValue()).as("exit code of the blocks; %s", tail(output)).isZero();
            assertThat(output).contains("COMPLETED: 12 of 12 runs succeeded")
                    .contains("2 runs added (seq 12 to 13), 1 skipped as already succeeded");
            assertThat(work.resolve("heat-results.csv")).isNotEmptyFile();
            for (String trace : List.of("runfleet-data/scheduler.trace.db", "runfleet-data/results/results.trace.db")) {
                Path file = work.resolve(trace);
                if (Files.exists(file)) {
                    assertThat(Files.readString(file)).as("H2 trace %s after SIGTERM", trace)
                            .doesNotContain("Database is already closed");
                }
            }
        } finally {
            run("ip", "netns", "del", namespace);
        }
    }

    /** The bodies of the {@code ```sh} fenced blocks, in order. */
    static List<String> shellBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(markdown)) {
            if (block == null && line.strip().equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The documents speak of paths below the source directory: the working directory shows them, links only. */
    private static void linkSources(Path root, Path work) throws IOException {
        for (String name : List.of("bin", "examples", "cli", "scheduler-service", "results-service", "worker-agent")) {
            Files.createSymbolicLink(work.resolve(name), root.resolve(name));
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return "the last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
