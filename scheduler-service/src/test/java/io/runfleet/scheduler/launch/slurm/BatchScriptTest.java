package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.study.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch script of an allocation, against its golden text (src/test/resources/slurm/allocation.sh). */
class BatchScriptTest {

    private static final Launch.Slurm SPEC = new Launch.Slurm(Optional.of("debug"), Optional.of("proj1"),
            Optional.empty(), Duration.ofMinutes(90), 2, 2, 4, 2, 3, 1, Duration.ofSeconds(30), Duration.ofMinutes(2),
            List.of("module load gcc/12"), List.of("--constraint=haswell"));

    @Test
    void theScriptMatchesItsGoldenText() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runfleet.agent.pool", "study-s1");
        properties.put("runfleet.agent.slots", "2");
        properties.put("runfleet.zmq.curve.key-file", "/data/launch/secrets/agent.key");
        BatchScript script = new BatchScript("s1", "sched-a", SPEC, 2, "/opt/java/bin/java", List.of("-Xmx256m"),
                Path.of("/opt/runfleet/worker-agent/quarkus-run.jar"), properties, Path.of("/data/launch/slurm/s1"),
                Path.of("/data/work"));

        assertThat(script.text()).isEqualTo(golden());
    }

    @Test
    void walltimesAreWrittenInSlurmsFormatRoundedUpToMinutes() {
        assertThat(BatchScript.slurmTime(Duration.ofMinutes(2))).isEqualTo("0:02:00");
        assertThat(BatchScript.slurmTime(Duration.ofSeconds(61))).isEqualTo("0:02:00");
        assertThat(BatchScript.slurmTime(Duration.ofHours(49))).isEqualTo("2-1:00:00");
    }

    @Test
    void wordsAreQuotedForTheShell() {
        assertThat(BatchScript.quote("it's")).isEqualTo("'it'\\''s'");
    }

    private static String golden() throws IOException {
        try (InputStream in = BatchScriptTest.class.getResourceAsStream("/slurm/allocation.sh")) {
            return in == null ? "(no golden file)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
