package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bodies that once escaped as a 500 or were read wrongly; found by StudySubmissionFuzzTest. */
class StudyReaderTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);

    @Test
    void aNullCommandArgumentIsRefusedByItsIndex() {
        InvalidStudyException refused = refused("name: n\ntemplate: {command: [echo, null]}\n");

        assertThat(refused.problems()).containsExactly(new Problem("template.command[1]", "no value; give a string"));
    }

    @Test
    void aNullEnvironmentValueIsRefusedByItsName() {
        InvalidStudyException refused = refused("name: n\ntemplate: {command: [echo], environment: {HOME: null}}\n");

        assertThat(refused.problems()).containsExactly(new Problem("template.environment.HOME",
                "no value; give a string"));
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWithTheOffsetInsteadOfReadWithReplacementCharacters() {
        byte[] latin1 = "name: caf\u00e9\ntemplate: {builtin: noop}\n".getBytes(StandardCharsets.ISO_8859_1);

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> StudyReader.text(latin1));

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("(document)");
            assertThat(problem.message()).startsWith("not UTF-8: byte 9 (0xE9)");
        });
    }

    @Test
    void aUtf8BodyIsReadAsWritten() {
        String text = "name: caf\u00e9-\uD83D\uDE80\ntemplate: {builtin: noop}\n";

        assertThat(StudyReader.text(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void everyUnknownFieldIsReportedAtOnceWithTheFieldItWasProbablyMeant() {
        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.readReportingUnknownFields("""
                        name: n
                        parameters: {grid: {x: [1, 2]}}
                        template: {comand: [echo, "{{ x }}"]}
                        outputs: [{regex: 'e=(?<e>\\S+)', fiel: stdout}]
                        polcy: {maxParallel: 2}
                        """, true)));

        assertThat(refused.problems()).extracting(Problem::field)
                .containsExactly("template.comand", "outputs[0].fiel", "polcy");
        assertThat(refused.problems()).extracting(Problem::message).containsExactly(
                "unknown field 'comand'; did you mean command?; known fields: builtin, command, directory, "
                        + "environment, files, keep, options, plugin, scratch, shell, simulation, steps, timeout, worker",
                "unknown field 'fiel'; did you mean file?; known fields: column, columns, comments, datasets, "
                        + "delimiter, file, hdf5, header, json, keyvalue, max, min, name, names, options, plugin, "
                        + "reduce, regex, required, row, skiprows, table, type, values",
                "unknown field 'polcy'; did you mean policy?; known fields: launch, name, outputs, parameters, policy, "
                        + "sampler, stages, template");
    }

    @Test
    void unknownFieldsAreReportedWithTheProblemsOfTheRestOfTheDocument() {
        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.readReportingUnknownFields("""
                        name: "bad name"
                        tempalte: {command: [echo]}
                        policy: {maxParallel: 0, retrys: 2}
                        """, true)));

        assertThat(refused.problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder("tempalte", "policy.retrys", "name", "policy.maxParallel");
    }

    @Test
    void anUnknownFieldFarFromEveryKnownOneGetsNoGuess() {
        InvalidStudyException refused = refusedByReader("name: n\ntemplate: {builtin: noop}\nzzzzzz: 1\n");

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("zzzzzz");
            assertThat(problem.message()).doesNotContain("did you mean").contains("known fields: launch, name");
        });
    }

    @Test
    void anUnknownEmptyKeyIsShownAsTwoQuotes() {
        InvalidStudyException refused = refusedByReader("name: n\ntemplate: {builtin: noop, '': 1}\n'': null\n");

        assertThat(refused.problems()).extracting(Problem::field).containsExactly("template.\"\"", "\"\"");
    }

    private static InvalidStudyException refusedByReader(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class, () -> StudyReader.read(yaml, true));
    }

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.read(yaml, true)));
    }
}
