package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsOutputTest {

    @TempDir
    Path dir;

    @Test
    void everyExportFormatIsTakenFromTheExtensionAndMissingDirectoriesAreMade() {
        for (String name : new String[] {"r.csv", "r.json", "r.jsonl", "r.parquet", "R.CSV"}) {
            Path file = dir.resolve("new/sub").resolve(name);
            assertThat(ResultsOutput.checked(file).file()).isEqualTo(file);
        }
        assertThat(dir.resolve("new/sub")).isDirectory();
    }

    @Test
    void anUnknownExtensionIsRefusedNamingTheFormatsThatWork() {
        assertThatThrownBy(() -> ResultsOutput.checked(dir.resolve("results.xlsx")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("-o " + dir.resolve("results.xlsx"))
                .hasMessageContaining(".csv, .json, .jsonl, .parquet")
                .extracting(error -> ((CliException) error).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThatThrownBy(() -> ResultsOutput.checked(dir.resolve("results")))
                .hasMessageContaining("the format is taken from the extension");
    }

    @Test
    void aPathThatCannotBeWrittenIsRefusedBeforeAnythingStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> ResultsOutput.checked(file.resolve("results.csv")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(file + " is a file, not a directory");
        Path directory = Files.createDirectory(dir.resolve("results.csv"));
        assertThatThrownBy(() -> ResultsOutput.checked(directory))
                .hasMessageContaining("it is a directory");
    }
}
