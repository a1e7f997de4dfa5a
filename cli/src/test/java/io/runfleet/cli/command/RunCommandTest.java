package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What `run` refuses before it starts anything: each case leaves the data directory untouched. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void defaultsGiveOneAgentASlotPerProcessor() {
        RunCommand run = (RunCommand) Main.commandLine().parseArgs("run", "s.yaml").subcommand().commandSpec().userObject();
        assertThat(run.agents).isEqualTo(1);
        assertThat(run.slots).isNull();
        assertThat(run.dataDir).isEqualTo(Path.of("runfleet-data"));
        assertThat(RunCommand.defaultSlots(1, 8)).isEqualTo(8);
        assertThat(RunCommand.defaultSlots(3, 8)).isEqualTo(2);
        assertThat(RunCommand.defaultSlots(4, 2)).isEqualTo(1);
    }

    @Test
    void aMissingStudyFileIsNamed() {
        assertThat(run("run", dir.resolve("nope.yaml").toString(), "--data", dir.resolve("data").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no study file at " + dir.resolve("nope.yaml"));
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void fileAndResumeTogetherOrNeitherAreRefused() {
        assertThat(run("run", "s.yaml", "--resume")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("give FILE or --resume, not both");
        assertThat(run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("FILE: missing");
    }

    @Test
    void resumeInADirectoryWithoutAStudyIsRefused() {
        assertThat(run("run", "--resume", "--data", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--resume: " + dir + " holds no Runfleet study");
    }

    @Test
    void anOutputOfAnUnknownFormatIsRefusedBeforeTheStudyIsRead() {
        assertThat(run("run", "s.yaml", "-o", dir.resolve("r.xlsx").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(".csv, .json, .jsonl, .parquet");
    }

    @Test
    void aPortInUseIsNamedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("run", "../examples/arithmetic/study.yaml", "--port", String.valueOf(port),
                    "--data", dir.resolve("data").toString())).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("port " + port + " (the scheduler's) is in use")
                    .contains("choose another --port");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
