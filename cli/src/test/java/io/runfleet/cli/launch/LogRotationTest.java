package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRotationTest {

    @Test
    void aKeptProcessWritesItsOwnLogRotatedBySizeAndNothingToTheConsole() {
        Path log = Path.of("/data/logs/scheduler.log");

        JavaCommand command = LogRotation.DEFAULT.apply(new JavaCommand(Path.of("app.jar"), List.of("-Xmx64m")), log);

        assertThat(command.toList()).contains("-Dquarkus.log.console.enabled=false",
                "-Dquarkus.log.file.enabled=true",
                "-Dquarkus.log.file.path=" + log,
                "-Dquarkus.log.file.rotation.max-file-size=10M",
                "-Dquarkus.log.file.rotation.max-backup-index=5");
        assertThat(command.toList().indexOf("-jar")).as("properties before -jar, where the JVM reads them")
                .isGreaterThan(command.toList().indexOf("-Dquarkus.log.file.path=" + log));
    }
}
