package io.runfleet.agent.output;

import static io.runfleet.agent.output.OutputFixtures.copy;
import static io.runfleet.agent.output.OutputFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables as numpy writes them (savetxt) and reads them (loadtxt, genfromtxt). */
class TableOutputParserTest {

    @TempDir
    Path runDir;

    private static OutputSpec table(String file, String name, Map<String, Object> options) {
        return new OutputSpec(OutputSpec.TABLE, file, null, name, options, null);
    }

    @Test
    void savetxtsCommentedHeaderNamesTheColumnsAndAColumnIsAList() throws Exception {
        copy("savetxt.txt", runDir);

        Map<String, Object> outputs = parse(table("savetxt.txt", null, Map.of("columns", List.of("step", "loss"))),
                runDir);

        assertThat(outputs).containsOnlyKeys("step", "loss");
        assertThat(outputs.get("step")).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
        assertThat(outputs.get("loss")).isEqualTo(List.of(0.9, 0.5, 0.25, 0.125, 0.2));
    }

    @Test
    void aColumnReducesToOneValueOrGivesOneRow() throws Exception {
        copy("savetxt.txt", runDir);

        assertThat(parse(table("savetxt.txt", "best_loss", Map.of("columns", List.of("loss"), "reduce", "min")),
                runDir)).containsExactly(Map.entry("best_loss", 0.125));
        assertThat(parse(table("savetxt.txt", "acc", Map.of("columns", List.of("acc"), "reduce", "max")), runDir))
                .containsEntry("acc", 0.85);
        assertThat((Double) parse(table("savetxt.txt", "acc", Map.of("columns", List.of("acc"), "reduce", "mean")),
                runDir).get("acc")).isCloseTo(0.57, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(parse(table("savetxt.txt", "loss", Map.of("columns", List.of("loss"), "row", "last")), runDir))
                .containsEntry("loss", 0.2);
        assertThat(parse(table("savetxt.txt", "loss", Map.of("columns", List.of("loss"), "row", "-2")), runDir))
                .containsEntry("loss", 0.125);
        assertThat(parse(table("savetxt.txt", "step", Map.of("columns", List.of("step"), "reduce", "last")), runDir))
                .containsEntry("step", 5L);
    }

    @Test
    void csvFromSavetxtWithItsDelimiter() throws Exception {
        copy("savetxt.csv", runDir);

        Map<String, Object> outputs = parse(table("savetxt.csv", null, Map.of("delimiter", ",",
                "columns", List.of("loss", "acc"), "row", "0")), runDir);

        assertThat(outputs).containsEntry("loss", 0.9).containsEntry("acc", 0.1);
    }

    @Test
    void aHeaderRowSkippedRowsAndGivenNames() throws Exception {
        Files.writeString(runDir.resolve("plain.csv"), "x,y\n1,10\n2,20\n% footnote\n3,30\n");
        Files.writeString(runDir.resolve("banner.txt"), "solver 1.2\nunits: SI\n0.5 7\n0.25 8 # after restart\n");

        assertThat(parse(table("plain.csv", "y", Map.of("delimiter", ",", "header", true, "comments", "%",
                "columns", List.of("y"))), runDir)).containsEntry("y", List.of(10L, 20L, 30L));
        assertThat(parse(table("banner.txt", null, Map.of("skiprows", 2, "names", List.of("dt", "iters"),
                "columns", List.of("dt", "iters"), "reduce", "max")), runDir))
                .containsEntry("dt", 0.5).containsEntry("iters", 8L);
    }

    @Test
    void failuresNameTheOutputTheFileAndTheFix() throws Exception {
        copy("savetxt.txt", runDir);
        Files.writeString(runDir.resolve("ragged.txt"), "# a b\n1 2\n3\n");
        Files.writeString(runDir.resolve("nameless.txt"), "1 2\n3 4\n");
        Files.writeString(runDir.resolve("words.txt"), "# a\n1\nNaN-ish\n");

        assertThatThrownBy(() -> parse(table("savetxt.txt", "err", Map.of("columns", List.of("loss_")) ), runDir))
                .hasMessage("output 'err' from table savetxt.txt: column 'loss_' not found; columns are step, loss, "
                        + "acc");
        assertThatThrownBy(() -> parse(table("ragged.txt", "a", Map.of("columns", List.of("a"))), runDir))
                .hasMessageStartingWith("output ragged.txt: line 3 has 1 fields where the first data row (line 2) "
                        + "has 2");
        assertThatThrownBy(() -> parse(table("nameless.txt", "a", Map.of("columns", List.of("a"))), runDir))
                .hasMessageStartingWith("output nameless.txt: no column names").hasMessageContaining("header: true");
        assertThatThrownBy(() -> parse(table("words.txt", "a", Map.of("columns", List.of("a"), "reduce", "mean")),
                runDir)).hasMessage("output 'a' from table words.txt: line 3: 'NaN-ish' is not a number, and reduce: "
                + "mean needs numbers");
        assertThatThrownBy(() -> parse(table("savetxt.txt", "loss", Map.of("columns", List.of("loss"), "row", "9")),
                runDir)).hasMessageStartingWith("output 'loss' from table savetxt.txt: row 9 does not exist");
        assertThatThrownBy(() -> parse(table("absent.txt", "a", Map.of("columns", List.of("a"))), runDir))
                .hasMessage("output absent.txt: missing (the command did not write it)");
    }

    /** A table numpy writes now, read here and by numpy itself: both must agree. */
    @Test
    void freshSavetxtTablesReadAsNumpyReadsThem() throws Exception {
        Optional<String> python = OutputFixtures.python("numpy");
        assumeThat(python).as("python3 with numpy").isPresent();
        String expected = OutputFixtures.runPython(python.get(), """
                import json, numpy as np
                rng = np.random.default_rng(7)
                data = rng.normal(size=(40, 3))
                np.savetxt('fresh.txt', data, header='u v w')
                np.savetxt('fresh.csv', data, header='u,v,w', delimiter=',', comments='% ')
                back = np.genfromtxt('fresh.txt', names=True)
                csv = np.loadtxt('fresh.csv', delimiter=',', comments='%')
                print(json.dumps({'v': back['v'].tolist(), 'wmin': float(back['w'].min()),
                                  'umean': float(csv[:, 0].mean()), 'last': float(csv[-1, 2])}))
                """, runDir);
        Map<String, Object> numpy = WireCodec.mapper().readValue(expected, new TypeReference<LinkedHashMap<String,
                Object>>() { });

        assertThat(parse(table("fresh.txt", "v", Map.of("columns", List.of("v"))), runDir).get("v"))
                .isEqualTo(numpy.get("v"));
        assertThat(parse(table("fresh.txt", "w", Map.of("columns", List.of("w"), "reduce", "min")), runDir))
                .containsEntry("w", numpy.get("wmin"));
        assertThat((Double) parse(table("fresh.csv", "u", Map.of("delimiter", ",", "comments", "%",
                "columns", List.of("u"), "reduce", "mean")), runDir).get("u"))
                .isCloseTo((Double) numpy.get("umean"), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(parse(table("fresh.csv", "w", Map.of("delimiter", ",", "comments", "%",
                "columns", List.of("w"), "row", "last")), runDir)).containsEntry("w", numpy.get("last"));
    }
}
