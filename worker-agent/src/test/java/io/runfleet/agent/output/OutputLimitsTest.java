package io.runfleet.agent.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.runfleet.wire.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's pattern and a growing file cannot hold a run's slot past the agent's limits. */
class OutputLimitsTest {

    /** Far beyond the budget below, and still far below "forever", which is what the old parser took. */
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path runDir;

    @Test
    void aPatternThatBacktracksWithoutEndFailsWhenTheParseTimeoutIsSpent() throws Exception {
        // (.*a){12}b over 60 a's and no b tries every way to cut them into 12 pieces, from each start: hours
        // without the budget (22 a's take half a second already)
        Files.writeString(runDir.resolve("stdout"), "a".repeat(60) + "c\n");
        OutputSpec catastrophic = new OutputSpec(OutputSpec.REGEX, "stdout", "(?<v>(.*a){12})b");
        OutputLimits limits = OutputLimits.startingNow(1 << 20, Duration.ofMillis(500));

        assertTimeoutPreemptively(GENEROUS, () ->
                assertThatThrownBy(() -> new RegexOutputParser().parse(catastrophic, runDir, limits))
                        .isInstanceOf(OutputException.class)
                        .hasMessageStartingWith("output stdout: pattern '(?<v>(.*a){12})b': parsing took longer than "
                                + "500 ms")
                        .hasMessageContaining("runfleet.agent.output-parse-timeout"));
    }

    @Test
    void anOrdinaryPatternIsUnaffectedByTheDeadlineChecks() throws Exception {
        Files.writeString(runDir.resolve("stdout"), "e=1\n".repeat(100_000) + "e=2.5\n");
        OutputSpec energy = new OutputSpec(OutputSpec.REGEX, "stdout", "e=(?<e>\\S+)");

        assertThat(new RegexOutputParser().parse(energy, runDir, OutputLimits.startingNow(1 << 20, GENEROUS)))
                .containsEntry("e", 2.5);
    }

    @Test
    void aParserReadsNoMoreThanTheLimitWhateverTheFileHasBecome() throws Exception {
        // the size check before parsing saw a small file; what is read is bounded by itself, not by that check
        Files.writeString(runDir.resolve("r.json"), "{\"x\": \"" + "y".repeat(1000) + "\"}");
        Files.writeString(runDir.resolve("stdout"), "x=1\n".repeat(1000));
        OutputLimits limits = OutputLimits.startingNow(100, GENEROUS);

        assertThatThrownBy(() -> new JsonOutputParser().parse(new OutputSpec(OutputSpec.JSON, "r.json", null), runDir,
                limits)).isInstanceOf(OutputException.class)
                .hasMessageStartingWith("output r.json: more than the limit of 100 bytes for a parsed output");
        assertThatThrownBy(() -> new RegexOutputParser().parse(new OutputSpec(OutputSpec.REGEX, "stdout",
                "x=(?<x>\\d)"), runDir, limits)).isInstanceOf(OutputException.class)
                .hasMessageStartingWith("output stdout: more than the limit of 100 bytes for a parsed output");
    }
}
