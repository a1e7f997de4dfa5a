package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A study's launch section: its defaults, and every wrong field named in one answer. */
class LaunchSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String STUDY = "name: l\nparameters: {grid: {x: [1, 2]}}\ntemplate: {command: [echo, '{{ x }}']}\n";

    @Test
    void localAgentsTakeTheirCountAndSlots() {
        assertThat(validate(STUDY + "launch: {local: {agents: 2, slots: 3}}\n").launch())
                .contains(new Launch.Local(2, 3));
    }

    @Test
    void oneAgentByDefaultWithTheStudysParallelismAsSlots() {
        assertThat(validate(STUDY + "launch: {local: {}}\n").launch()).contains(new Launch.Local(1, 1));
        assertThat(validate(STUDY + "policy: {maxParallel: 5}\nlaunch: {local: {agents: 2}}\n").launch())
                .as("5 runs at once over 2 agents").contains(new Launch.Local(2, 3));
    }

    @Test
    void aStudyWithoutLaunchHasNone() {
        assertThat(validate(STUDY).launch()).isEmpty();
    }

    @Test
    void containersTakeTheirLimits() {
        Launch launch = validate(STUDY + """
                launch: {containers: {image: localhost/sim:1.0, agents: 2, slots: 2, cpus: 1.5, memory: 2G, engine: docker}}
                """).launch().orElseThrow();

        assertThat(launch).isEqualTo(new Launch.Containers("localhost/sim:1.0", 2, 2, Optional.of(1.5),
                Optional.of("2g"), Optional.of("docker")));
    }

    @Test
    void everyWrongFieldIsNamedWithItsFixInOneAnswer() {
        InvalidStudyException refused = refused(STUDY + """
                launch: {containers: {agents: 0, slots: many, cpus: -1, memory: 2 gigabytes, engine: rkt}}
                """);

        assertThat(refused.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "launch.containers.image", "launch.containers.agents", "launch.containers.slots",
                "launch.containers.cpus", "launch.containers.memory", "launch.containers.engine");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("launch.containers.memory"))
                .singleElement().extracting(Problem::message).asString().contains("512m or 2g");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("launch.containers.agents"))
                .singleElement().extracting(Problem::message).asString().contains("give 1 to 64");
    }

    @Test
    void launchProblemsComeWithTheStudysOtherProblems() {
        InvalidStudyException refused = refused("""
                name: l
                parameters: {grid: {x: [1]}}
                template: {command: [echo, '{{ y }}']}
                launch: {local: {agents: 100}, contaners: {}}
                """);

        assertThat(refused.problems()).extracting(Problem::field)
                .contains("template.command[1]", "launch.local.agents", "launch.contaners");
    }

    @Test
    void bothKindsOrNeitherIsRefused() {
        assertThat(refused(STUDY + "launch: {local: {}, containers: {image: i}}\n").problems())
                .singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("launch");
                    assertThat(problem.message()).contains("exactly one of local");
                });
        assertThat(refused(STUDY + "launch: {}\n").problems()).extracting(Problem::field).containsExactly("launch");
    }

    @Test
    void aSchedulerThatLaunchesNothingRefusesTheSectionSayingSo() {
        StudyValidator noLaunching = new StudyValidator(1_000, 1 << 20, false, false);

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class, () -> noLaunching.validate(
                StudyReader.readReportingUnknownFields(STUDY + "launch: {local: {agents: 1}}\n", true)));

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("launch");
            assertThat(problem.message()).contains("runfleet.launch.enabled=false");
        });
    }

    private static ValidatedStudy validate(String yaml) {
        return VALIDATOR.validate(StudyReader.readReportingUnknownFields(yaml, true));
    }

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class, () -> validate(yaml));
    }
}
