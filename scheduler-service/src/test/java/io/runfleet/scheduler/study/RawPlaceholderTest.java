package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** {@code {{ x | raw }}} is shell text: accepted in a shell command, refused where nothing reads shell text. */
class RawPlaceholderTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);

    @Test
    void aRawPlaceholderIsAcceptedInAShellCommand() {
        String yaml = "name: n\nparameters: {grid: {filter: ['| sort']}}\n"
                + "template: {shell: true, command: [ls, '{{ filter | raw }}']}\n";

        assertThatCode(() -> VALIDATOR.validate(StudyReader.read(yaml, true))).doesNotThrowAnyException();
    }

    @Test
    void aRawPlaceholderIsRefusedWhereNoShellReadsIt() {
        String yaml = "name: n\nparameters: {grid: {x: [1]}}\n"
                + "template: {command: [echo, '{{ x | raw }}'], environment: {X: '{{ x | raw }}'}}\n";

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.read(yaml, true)));

        assertThat(refused.problems()).extracting(Problem::field)
                .containsExactly("template.command[1]", "template.environment.X");
        assertThat(refused.problems().get(0).message()).contains("shell: true").contains("drop '| raw'");
    }
}
