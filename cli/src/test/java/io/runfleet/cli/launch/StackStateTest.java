package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStateTest {

    private static final LocalStack.Ports PORTS = new LocalStack.Ports(8080, 8081, 40001, 40002, 40003, 40004);

    @TempDir
    Path dir;

    @Test
    void aStateWrittenIsReadBackWithServicesBeforeAgentsWhateverOrderTheyWereRecordedIn() {
        StackState state = new StackState(StackState.H2, PORTS, List.of())
                .with(member("local-agent-10", StackMember.Role.AGENT, 12))
                .with(member("scheduler", StackMember.Role.SCHEDULER, 11))
                .with(member("local-agent-2", StackMember.Role.AGENT, 13))
                .with(member("results", StackMember.Role.RESULTS, 10));

        state.write(dir);

        StackState read = StackState.read(dir).orElseThrow();
        assertThat(read).isEqualTo(state);
        assertThat(read.members()).extracting(StackMember::name)
                .containsExactly("results", "scheduler", "local-agent-2", "local-agent-10");
        assertThat(read.with(member("scheduler", StackMember.Role.SCHEDULER, 99)).member("scheduler").orElseThrow().pid())
                .as("a restarted member replaces its record").isEqualTo(99);
        StackState.delete(dir);
        assertThat(StackState.read(dir)).isEmpty();
    }

    @Test
    void aProcessCountsAsRunningOnlyWithTheStartTimeRecordedSoAReusedPidIsNotMistakenForIt() {
        long pid = ProcessHandle.current().pid();
        long startedAt = StackMember.startTimeOf(pid).orElseThrow();

        assertThat(running(pid, startedAt)).as("this very process").isTrue();
        assertThat(running(pid, startedAt - 1_000)).as("the same pid, started at another time").isFalse();
    }

    @Test
    void aProcessThatEndedIsNotRunning() throws Exception {
        Process process = new ProcessBuilder("true").start();
        long startedAt = StackMember.startTimeOf(process.pid()).orElse(0L);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(running(process.pid(), startedAt)).isFalse();
    }

    @Test
    void aRunOnADataDirectoryWhoseStackIsUpIsRefusedWithTheWaysOut() {
        long pid = ProcessHandle.current().pid();
        new StackState(StackState.H2, PORTS, List.of(new StackMember("scheduler", StackMember.Role.SCHEDULER, pid,
                StackMember.startTimeOf(pid).orElseThrow(), "http://127.0.0.1:8080", "s.log", "s.console", 0)))
                .write(dir);

        assertThatThrownBy(() -> DataDirLock.acquire(dir))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("holds a stack kept up by `runfleet up` (pids " + pid + ")")
                .hasMessageContaining("`runfleet down --data " + dir + "`")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        DataDirLock.acquireForStack(dir).close();
    }

    @Test
    void aStateFileThatIsNotJsonIsNamedInTheError() throws Exception {
        Files.writeString(StackState.file(dir), "not json");

        assertThatThrownBy(() -> StackState.read(dir)).isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot read " + StackState.file(dir));
    }

    private static boolean running(long pid, long startedAt) {
        return new StackMember("x", StackMember.Role.AGENT, pid, startedAt, "x", "x.log", "x.console", 1).isRunning();
    }

    private static StackMember member(String name, StackMember.Role role, long pid) {
        return new StackMember(name, role, pid, 1_000L, name, name + ".log", name + ".console", 1);
    }
}
