package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecHandoverTest {

    @TempDir
    Path dir;

    @Test
    void theShellReadsBackEveryArgumentExactly() throws Exception {
        List<String> command = List.of("/opt/java 17/bin/java", "-Dquote=it's", "-Dempty=", "", "$(id) `id` *",
                "two\nlines", "back\\slash", "tab\there", "ünïcode");
        Path file = dir.resolve("argv");
        ExecHandover.requested(Map.of(ExecHandover.VARIABLE, file.toString())).orElseThrow().write(command);

        assertThat(argumentsAsTheScriptSeesThem(file)).containsExactlyElementsOf(command);
    }

    @Test
    void noHandoverWithoutTheVariable() {
        assertThat(ExecHandover.requested(Map.of())).isEmpty();
        assertThat(ExecHandover.requested(Map.of(ExecHandover.VARIABLE, " "))).isEmpty();
    }

    /** What bin/runfleet does with the file, printing each argument NUL-terminated instead of exec'ing them. */
    private static List<String> argumentsAsTheScriptSeesThem(Path file) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("sh", "-c", "eval \"set -- $(cat \"$1\")\"; printf '%s\\0' \"$@\"", "sh",
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor()).isZero();
        return Arrays.asList(output.substring(0, output.length() - 1).split("\0", -1));
    }
}
