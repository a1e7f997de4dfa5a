package io.runfleet.agent.output;

import static io.runfleet.agent.output.OutputFixtures.copy;
import static io.runfleet.agent.output.OutputFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key = value and key: value logs, as solvers print them (fixture outputs/solver.log). */
class KeyValueOutputParserTest {

    @TempDir
    Path runDir;

    private static OutputSpec keyvalue(String file, Map<String, Object> options, Map<String, ValueRule> values) {
        return new OutputSpec(OutputSpec.KEYVALUE, file, null, null, options, values);
    }

    @Test
    void everyNameOfTheLogTheLastLineWinningCommentsLeftOut() throws Exception {
        copy("solver.log", runDir);

        Map<String, Object> outputs = parse(keyvalue("solver.log", Map.of(), null), runDir);

        assertThat(outputs).containsEntry("mesh_cells", 1024L).containsEntry("iteration", 3L)
                .containsEntry("residual", 1.0e-6).containsEntry("status", "converged")
                .containsEntry("run started", "2026-12-07T04:00:00Z");
        assertThat(outputs).doesNotContainKey("# solver log");
    }

    @Test
    void namesPickOutputsAndAMissingOneFailsUnlessNotRequired() throws Exception {
        copy("solver.log", runDir);
        Map<String, Object> names = Map.of("names", List.of("residual", "wall_time"));

        assertThatThrownBy(() -> parse(keyvalue("solver.log", names, null), runDir))
                .hasMessageStartingWith("output 'wall_time' from keyvalue solver.log: no line 'wall_time = VALUE' or "
                        + "'wall_time: VALUE' in the file; its names are run started, mesh_cells, iteration, "
                        + "residual, status")
                .hasMessageEndingWith("mark it required: false if a run may succeed without it");
        assertThat(parse(keyvalue("solver.log", names, Map.of("wall_time", new ValueRule(ValueRule.FLOAT, null,
                null, false))), runDir)).containsExactly(Map.entry("residual", 1.0e-6));
    }

    @Test
    void otherCommentMarkersAndQuotedValues() throws Exception {
        Files.writeString(runDir.resolve("deck.in"), "! input deck\nlabel = 'a = b' ! quoted\ncode: 007\n");

        assertThat(parse(keyvalue("deck.in", Map.of("comments", "!"), Map.of("code", new ValueRule(ValueRule.STRING,
                null, null, true))), runDir)).containsEntry("label", "a = b").containsEntry("code", "007");
    }
}
