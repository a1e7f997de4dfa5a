package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessLivenessTest {

    @Test
    void tellsARunningProcessFromOneThatWasKilled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(ProcessLiveness.isRunning(sleeper.pid())).isTrue();
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessLiveness.isRunning(sleeper.pid()));
    }
}
