package io.runfleet.agent.output;

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

/** Typed and bounded outputs, and regex outputs named the Python way. */
class ValueRulesTest {

    @TempDir
    Path runDir;

    private static OutputSpec regex(String pattern, Map<String, ValueRule> values) {
        return new OutputSpec(OutputSpec.REGEX, OutputSpec.STDOUT, pattern, null, null, values);
    }

    private static ValueRule rule(String type, Double min, Double max) {
        return new ValueRule(type, min, max, true);
    }

    @Test
    void pythonStyleGroupsAndUnderscoresNameTheOutputs() throws Exception {
        Files.writeString(runDir.resolve("stdout"), "step 1 energy_out=3.5 tag=ab-ab\nstep 2 energy_out=2.25 "
                + "tag=cd-cd\n");

        assertThat(parse(regex("energy_out=(?P<energy_out>\\S+) tag=(?P<tag_1>\\w+)-(?P=tag_1)", null), runDir))
                .containsExactly(Map.entry("energy_out", 2.25), Map.entry("tag_1", "cd"));
        assertThat(parse(regex("energy_out=(?<energy_out>\\S+) tag=(?<tag>\\w+)-\\k<tag>", null), runDir))
                .containsExactly(Map.entry("energy_out", 2.25), Map.entry("tag", "cd"));
    }

    @Test
    void valuesTakeTheirRulesType() throws Exception {
        Files.writeString(runDir.resolve("stdout"), "n=7 x=3 code=007\n");

        Map<String, Object> outputs = parse(regex("n=(?<n>\\S+) x=(?<x>\\S+) code=(?<code>\\S+)", Map.of(
                "n", rule(ValueRule.INT, 0.0, 10.0), "x", rule(ValueRule.FLOAT, null, null),
                "code", rule(ValueRule.STRING, null, null))), runDir);

        assertThat(outputs).containsEntry("n", 7L).containsEntry("x", 3.0).containsEntry("code", "007");
    }

    @Test
    void aValueThatBreaksItsRuleFailsNamingTheOutputAndFile() throws Exception {
        Files.writeString(runDir.resolve("stdout"), "loss=nan n=2.5 e=-1\n");

        assertThatThrownBy(() -> parse(regex("loss=(?P<loss>\\S+)", Map.of("loss", rule(ValueRule.FLOAT, null, null))),
                runDir)).hasMessage("output 'loss' from regex stdout: 'nan' is not a float, as its rule's type says; "
                + "fix what the command writes, or change the type");
        assertThatThrownBy(() -> parse(regex("n=(?P<n>\\S+)", Map.of("n", rule(ValueRule.INT, null, null))), runDir))
                .hasMessageStartingWith("output 'n' from regex stdout: '2.5' is not an int");
        assertThatThrownBy(() -> parse(regex("e=(?P<e>\\S+)", Map.of("e", rule(null, 0.0, null))), runDir))
                .hasMessage("output 'e' from regex stdout: -1 is below its min 0.0");
        assertThatThrownBy(() -> parse(regex("n=(?P<n>\\S+)", Map.of("n", rule(ValueRule.LIST, null, null))), runDir))
                .hasMessageStartingWith("output 'n' from regex stdout: '2.5' is not a list");
    }

    @Test
    void aRequiredOutputMissingFailsTheRunAndAnOptionalOneMayBeMissing() throws Exception {
        Files.writeString(runDir.resolve("stdout"), "e=1\n");
        String pattern = "e=(?P<e>\\d+)(?: warn=(?P<warn>\\S+))?";

        assertThatThrownBy(() -> parse(regex(pattern, Map.of("warn", rule(ValueRule.STRING, null, null))), runDir))
                .hasMessage("output 'warn' from regex stdout: missing, and it is required; mark it required: false "
                        + "if a run may succeed without it");
        assertThat(parse(regex(pattern, Map.of("warn", new ValueRule(ValueRule.STRING, null, null, false))), runDir))
                .containsExactly(Map.entry("e", 1L));
    }

    @Test
    void aListsNumbersAreHeldToItsBounds() throws Exception {
        Files.writeString(runDir.resolve("t.txt"), "# p\n0.5\n1.5\n");
        OutputSpec table = new OutputSpec(OutputSpec.TABLE, "t.txt", null, "p", Map.of("columns", List.of("p")),
                Map.of("p", rule(ValueRule.LIST, 0.0, 1.0)));

        assertThatThrownBy(() -> parse(table, runDir))
                .hasMessage("output 'p' from table t.txt: 1.5 is above its max 1.0");
    }
}
