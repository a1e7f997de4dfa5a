package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStackOnTheSameDataDirectoryIsRefusedWithTheHolderUntilTheFirstEnds() {
        Path data = dir.resolve("data");
        try (DataDirLock first = DataDirLock.acquire(data)) {
            assertThat(data.resolve(DataDirLock.LOCK_FILE)).content()
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> DataDirLock.acquire(data))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("is in use by another runfleet run, demo, up or down (pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("give another --data DIR");
        }
        DataDirLock.acquire(data).close();
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> DataDirLock.acquire(file.resolve("data")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("--data: cannot use " + file.resolve("data"));
    }
}
