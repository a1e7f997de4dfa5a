package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** {@code launch.slurm.mode} and {@code arrayThrottle}: read, and refused where they do not belong. */
class ArrayModeSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String STUDY = "name: l\nparameters: {grid: {x: [1, 2]}}\ntemplate: {command: [echo, '{{ x }}']}\n";

    @Test
    void arrayModeAndItsThrottleAreRead() {
        Launch.Slurm slurm = (Launch.Slurm) validate(STUDY + "launch: {slurm: {mode: array, arrayThrottle: 4}}\n")
                .launch().orElseThrow();

        assertThat(slurm.mode()).isEqualTo(Launch.Slurm.Mode.ARRAY);
        assertThat(slurm.arrayThrottle()).isEqualTo(4);
    }

    @Test
    void aThrottleWithoutArrayModeIsRefusedNamingTheField() {
        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> validate(STUDY + "launch: {slurm: {arrayThrottle: 4}}\n"));

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("launch.slurm.arrayThrottle");
            assertThat(problem.message()).contains("mode: array");
        });
    }

    @Test
    void aWrongModeOrThrottleIsRefusedNamingTheField() {
        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> validate(STUDY + "launch: {slurm: {mode: arrays, arrayThrottle: 0}}\n"));

        assertThat(refused.problems()).extracting(Problem::field)
                .contains("launch.slurm.mode", "launch.slurm.arrayThrottle");
    }

    private static ValidatedStudy validate(String yaml) {
        return VALIDATOR.validate(StudyReader.readReportingUnknownFields(yaml, true));
    }
}
