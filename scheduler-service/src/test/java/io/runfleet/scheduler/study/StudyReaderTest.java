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

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.read(yaml, true)));
    }
}
