package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A study's outputs: every kind in its typed form, rules inline or per name, and every wrong field named with its fix. */
class OutputSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String HEAD = """
            name: outputs
            parameters: {grid: {x: [1, 2]}}
            template: {command: [sim, '{{ x }}']}
            """;

    @Test
    void everyKindBecomesItsSpec() {
        List<OutputSpec> outputs = outputs("""
                outputs:
                  - {json: result.json}
                  - {regex: 'energy_out=(?P<energy_out>\\S+)', type: float, max: 0}
                  - {keyvalue: solver.log, names: [residual, status], values: {status: {type: string, required: false}}}
                  - {table: loss.txt, column: loss, reduce: min, name: best_loss, type: float, min: 0}
                  - {table: data.csv, delimiter: ',', comments: '%', skiprows: 2, header: true, columns: [a, b]}
                  - {hdf5: result.h5, datasets: {energy: /results/energy, profile: /results/profile},
                     values: {profile: {type: list}}}
                """);

        assertThat(outputs).hasSize(6);
        assertThat(outputs.get(0)).isEqualTo(new OutputSpec(OutputSpec.JSON, "result.json", null));
        assertThat(outputs.get(1).file()).isEqualTo(OutputSpec.STDOUT);
        assertThat(outputs.get(1).values()).containsExactly(Map.entry("energy_out",
                new ValueRule(ValueRule.FLOAT, null, 0.0, true)));
        assertThat(outputs.get(2).options()).containsEntry("names", List.of("residual", "status"));
        assertThat(outputs.get(2).values()).containsExactly(Map.entry("status",
                new ValueRule(ValueRule.STRING, null, null, false)));
        assertThat(outputs.get(3)).isEqualTo(new OutputSpec(OutputSpec.TABLE, "loss.txt", null, "best_loss",
                Map.of("columns", List.of("loss"), "reduce", "min"),
                Map.of("best_loss", new ValueRule(ValueRule.FLOAT, 0.0, null, true))));
        assertThat(outputs.get(4).options()).containsEntry("delimiter", ",").containsEntry("comments", "%")
                .containsEntry("skiprows", 2).containsEntry("header", true).containsEntry("columns", List.of("a", "b"));
        assertThat(outputs.get(4).name()).isNull();
        assertThat(outputs.get(5).options()).containsEntry("datasets",
                Map.of("energy", "/results/energy", "profile", "/results/profile"));
        assertThat(outputs.get(5).values()).containsOnlyKeys("profile");
        assertThat(outputs("outputs: [{table: t.txt, column: a, row: -1}]").get(0).options())
                .as("a row number as YAML writes it").containsEntry("row", "-1");
    }

    @Test
    void pythonStyleGroupsWithUnderscoresAreOutputsTheSamplerSees() {
        assertThat(OutputValidator.groupNames("e=(?P<energy_out>\\S+) (?<n_iter>\\d+) (?<=x)(?<plain>y)"))
                .containsExactly("energy_out", "n_iter", "plain");
        ValidatedStudy study = validate("""
                name: loop
                template: {command: [branin, '{{ x1 }}']}
                outputs: [{regex: 'f_val=(?P<f_val>\\S+)'}, {table: t.txt, column: g}, {hdf5: r.h5, datasets: {h: /h}}]
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}}, objectives: {f_val: minimize},
                          budget: {maxRuns: 5}}
                """);
        assertThat(study.sampler().orElseThrow().objective().name()).isEqualTo("f_val");

        InvalidStudyException refused = refused("""
                name: loop
                template: {command: [branin, '{{ x1 }}']}
                outputs: [{table: t.txt, column: g}, {hdf5: r.h5, datasets: {h: /h}}]
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}}, objectives: {f: minimize},
                          budget: {maxRuns: 5}}
                """);
        assertThat(refused.problems()).extracting(Problem::field).containsExactly("sampler.objectives.f");
        assertThat(refused.problems().get(0).message()).contains("(its outputs: g, h)");
    }

    @Test
    void everyWrongFieldIsNamedWithItsFix() {
        InvalidStudyException refused = refused(HEAD + """
                outputs:
                  - {regex: 'e=(?P<e-1>\\S+)'}
                  - {table: t.txt, reduce: median, row: last}
                  - {table: t.txt, columns: [a, a], name: x, delimiter: ''}
                  - {table: t.txt, names: [a, b], column: c, skiprows: -1}
                  - {hdf5: r.h5}
                  - {keyvalue: log.txt, type: float}
                  - {json: r.json, file: other.json}
                  - {json: r.json, keyvalue: log.txt}
                  - {keyvalue: log.txt, names: [a], values: {b: {type: float}, a: {type: number, min: 2, max: 1}}}
                  - {keyvalue: log.txt, datasets: {a: /a}}
                """);

        assertThat(refused.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "outputs[0].regex",
                "outputs[1].column", "outputs[1].row", "outputs[1].reduce",
                "outputs[2].columns[1]", "outputs[2].name", "outputs[2].delimiter",
                "outputs[3].column", "outputs[3].skiprows",
                "outputs[4].datasets",
                "outputs[5].type",
                "outputs[6].file",
                "outputs[7]",
                "outputs[8].values.b", "outputs[8].values.a.type", "outputs[8].values.a.max",
                "outputs[9].datasets");
        assertThat(message(refused, "outputs[0].regex")).contains("group name 'e-1' is not a name");
        assertThat(message(refused, "outputs[1].reduce")).isEqualTo("'median' is not a reduction; give one of last, "
                + "max, mean, min");
        assertThat(message(refused, "outputs[1].column")).contains("as in column: loss");
        assertThat(message(refused, "outputs[3].column")).isEqualTo("'c' is not among the names given (a, b); name "
                + "one of them");
        assertThat(message(refused, "outputs[4].datasets")).contains("datasets: {energy: /results/energy}");
        assertThat(message(refused, "outputs[5].type")).contains("(this one names its outputs from the file)");
        assertThat(message(refused, "outputs[6].file")).startsWith("not a field of a json output; remove it");
        assertThat(message(refused, "outputs[7]")).startsWith("kinds json and keyvalue in one entry; give exactly "
                + "one of {json: FILE}");
        assertThat(message(refused, "outputs[8].values.b")).isEqualTo("'b' is not an output of this entry (its "
                + "outputs: a); name one of them");
    }

    private static String message(InvalidStudyException refused, String field) {
        return refused.problems().stream().filter(problem -> problem.field().equals(field)).findFirst()
                .orElseThrow().message();
    }

    private static List<OutputSpec> outputs(String yaml) {
        return validate(HEAD + yaml).spec().outputs();
    }

    private static ValidatedStudy validate(String yaml) {
        return VALIDATOR.validate(StudyReader.readReportingUnknownFields(yaml, true));
    }

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class, () -> validate(yaml));
    }
}
