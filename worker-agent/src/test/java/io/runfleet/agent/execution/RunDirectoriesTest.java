package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.command;
import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may delete what in a work directory: an agent only ever removes a directory it created itself. */
class RunDirectoriesTest {

    @TempDir
    Path workDir;

    private final RunRequest attempt = request(command(List.of("true")), Map.of());

    @Test
    void aTakenNameIsLeftAloneAndTheAttemptGetsTheNextFreeOne() throws Exception {
        RunDirectories first = new RunDirectories(workDir);
        RunDirectories second = new RunDirectories(workDir);
        Path firstDir = first.create(attempt);
        Files.writeString(firstDir.resolve("result.json"), "{\"still\": \"here\"}");

        Path secondDir = second.create(attempt);
        Path thirdDir = second.create(attempt);

        assertThat(firstDir).isEqualTo(first.pathOf(attempt));
        assertThat(firstDir.resolve("result.json")).hasContent("{\"still\": \"here\"}");
        assertThat(secondDir).isEqualTo(firstDir.resolveSibling(firstDir.getFileName() + ".2")).isEmptyDirectory();
        assertThat(thirdDir).isEqualTo(firstDir.resolveSibling(firstDir.getFileName() + ".3"));
    }

    @Test
    void twoAgentsSharingAWorkDirectoryKeepEachOthersRuns() throws Exception {
        // the same attempt delivered to two agents of one work directory: neither deletes the other's directory,
        // and keep=none removes only the directory its own agent created
        RunExecutor keeping = new RunExecutor(workDir, OutputParsers.standard(), 20);
        RunExecutor deleting = new RunExecutor(workDir, OutputParsers.standard(), 20);
        RunRequest writes = request(command(List.of("sh", "-c", "echo mine > mine.txt")), Map.of());
        RunRequest writesAndDeletes = request(new RunSpec(List.of("sh", "-c", "echo other > o.txt"),
                false, null, Map.of(), Map.of(), 0, List.of(), "none"), Map.of());

        Execution kept = keeping.execute(writes);
        Execution deleted = deleting.execute(writesAndDeletes);

        assertThat(kept.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(deleted.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        Path keptDir = new RunDirectories(workDir).pathOf(writes);
        assertThat(keptDir.resolve("mine.txt")).hasContent("mine");
        assertThat(kept.kept().directory()).isEqualTo(keptDir.toString());
        assertThat(keptDir.resolveSibling(keptDir.getFileName() + ".2")).doesNotExist();
    }
}
