package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code template.steps}, {@code template.keep} and {@code template.scratch}: what is accepted and what is refused. */
class StepsSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);

    private static RunSpec spec(String template) {
        String yaml = "name: n\nparameters: {grid: {x: [1, 2]}}\ntemplate:\n" + template;
        return VALIDATOR.validate(StudyReader.read(yaml, true)).spec();
    }

    private static List<Problem> refused(String template) {
        String yaml = "name: n\nparameters: {grid: {x: [1, 2]}}\ntemplate:\n" + template;
        return catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.read(yaml, true))).problems();
    }

    @Test
    void threeStepsBecomeTheSpecsSteps() {
        RunSpec spec = spec("""
                  timeout: 10m
                  environment: {MODE: fast}
                  steps:
                    - {name: pre, command: [python3, mesh.py, '{{ x }}']}
                    - name: simulate
                      command: ['./solver --n {{ x }} > out.txt']
                      shell: true
                      timeout: 5m
                      environment: {N: '{{ x }}'}
                    - {name: post, builtin: noop, when: always}
                    - {name: plot, plugin: matplotlib.plot, options: {format: png, dpi: 100}}
                  keep: ['*.csv', 'out/**']
                  scratch: tmpdir
                """);

        assertThat(spec.command()).isEmpty();
        assertThat(spec.steps()).extracting(StepSpec::name).containsExactly("pre", "simulate", "post", "plot");
        StepSpec simulate = spec.steps().get(1);
        assertThat(simulate.command()).containsExactly("./solver --n {{ x }} > out.txt");
        assertThat(simulate.shell()).isTrue();
        assertThat(simulate.timeoutMillis()).isEqualTo(300_000);
        assertThat(simulate.environment()).containsEntry("N", "{{ x }}");
        assertThat(simulate.when()).isEqualTo(StepSpec.WHEN_SUCCESS);
        assertThat(spec.steps().get(2).when()).isEqualTo(StepSpec.WHEN_ALWAYS);
        assertThat(spec.steps().get(3).options()).isEqualTo(Map.of("format", "png", "dpi", 100));
        assertThat(spec.timeoutMillis()).isEqualTo(600_000);
        assertThat(spec.keep()).isEqualTo(RunSpec.KEEP_PATTERNS);
        assertThat(spec.keepPatterns()).containsExactly("*.csv", "out/**");
        assertThat(spec.scratch()).isEqualTo(RunSpec.SCRATCH_TMPDIR);
    }

    @Test
    void theShortFormStaysAndKeepFailedIsAccepted() {
        RunSpec spec = spec("  command: [echo, '{{ x }}']\n  keep: failed\n  scratch: /local/scratch\n");

        assertThat(spec.command()).containsExactly("echo", "{{ x }}");
        assertThat(spec.steps()).isEmpty();
        assertThat(spec.keep()).isEqualTo(RunSpec.KEEP_FAILED);
        assertThat(spec.scratch()).isEqualTo("/local/scratch");
    }

    @Test
    void badStepsAreRefusedNamingTheField() {
        List<Problem> problems = refused("""
                  steps:
                    - {name: pre, command: [echo, '{{ y }}']}
                    - {name: pre, command: [echo], when: later}
                    - {name: '', builtin: noop}
                    - {name: both, command: [echo], builtin: noop}
                    - {name: none}
                    - {name: 'a/b', plugin: Bad_Name}
                    - {name: opts, command: [echo], options: {a: 1}, timeout: soon}
                """);

        assertThat(problems).extracting(Problem::field).contains(
                "template.steps[0].command[1]", "template.steps[1].name", "template.steps[1].when",
                "template.steps[2].name", "template.steps[3]", "template.steps[4]", "template.steps[5].name",
                "template.steps[5].plugin", "template.steps[6].options", "template.steps[6].timeout");
        assertThat(problems).filteredOn(problem -> problem.field().equals("template.steps[1].when"))
                .extracting(Problem::message).singleElement().asString().contains("'later'").contains("always");
        assertThat(problems).filteredOn(problem -> problem.field().equals("template.steps[0].command[1]"))
                .extracting(Problem::message).singleElement().asString().contains("{{ y }}");
        assertThat(problems).filteredOn(problem -> problem.field().equals("template.steps[1].name"))
                .extracting(Problem::message).singleElement().asString().contains("unique");
    }

    @Test
    void stepsAndTheShortFormAreMutuallyExclusive() {
        List<Problem> problems = refused("""
                  command: [echo]
                  steps:
                    - {name: simulate, command: [echo]}
                """);

        assertThat(problems).extracting(Problem::field).containsExactly("template.steps");
        assertThat(problems.get(0).message()).contains("not both");
    }

    @Test
    void badKeepAndScratchAreRefused() {
        assertThat(refused("  command: [echo]\n  keep: sometimes\n")).extracting(Problem::field)
                .containsExactly("template.keep");
        assertThat(refused("  command: [echo]\n  keep: []\n")).extracting(Problem::field)
                .containsExactly("template.keep");
        assertThat(refused("  command: [echo]\n  keep: ['/etc/*', '../up', '{a,b']\n")).extracting(Problem::field)
                .containsExactly("template.keep[0]", "template.keep[1]", "template.keep[2]");
        assertThat(refused("  command: [echo]\n  scratch: relative/dir\n")).extracting(Problem::field)
                .containsExactly("template.scratch");
    }
}
