package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runfleet.scheduler.study.SamplerSection.Goal;
import io.runfleet.scheduler.study.SamplerSection.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A study's sampler section: its typed form and defaults, and every wrong field named with its fix in one answer. */
class SamplerSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String HEAD = """
            name: branin
            parameters: {constants: {steps: 10}}
            template: {command: [branin, '{{ x1 }}', '{{ x2 }}', '{{ steps }}']}
            outputs: [{regex: 'f=(?<f>\\S+)'}]
            """;

    @Test
    void theFullSectionBecomesTypedWithoutRunsAtSubmission() {
        ValidatedStudy study = validate(HEAD + """
                sampler:
                  kind: adaptive
                  variables: {x1: {min: -5, max: 10}, x2: {min: 0.1, max: 15, scale: log}}
                  objectives: {f: minimize}
                  initialDesign: {method: lhs, count: 10, seed: 42}
                  inFlight: 4
                  budget: {maxRuns: 60, maxFailures: 10, maxTime: 6h}
                  model: {kernel: rbf}
                  acquisition: {kind: lcb}
                  stop: {target: {value: 0.397887, tolerance: 0.01}, stagnation: {runs: 20}, onStop: cancel}
                  failures: penalize
                """);

        SamplerSection sampler = study.sampler().orElseThrow();
        assertThat(study.runCount()).isZero();
        assertThat(study.space().constants()).containsEntry("steps", 10);
        assertThat(sampler.kind()).isEqualTo(Kind.ADAPTIVE);
        assertThat(sampler.variables()).containsKeys("x1", "x2");
        assertThat(sampler.variables().get("x2").scale()).isEqualTo(SamplerSection.Scale.LOG);
        assertThat(sampler.objective()).isEqualTo(new SamplerSection.Objective("f", Goal.MINIMIZE));
        assertThat(sampler.initialDesign()).isEqualTo(new SamplerSection.InitialDesign(
                SamplerSection.DesignMethod.LHS, 10, 42));
        assertThat(sampler.budget()).isEqualTo(new SamplerSection.Budget(60, 10, Duration.ofHours(6)));
        assertThat(sampler.kernel()).isEqualTo(SamplerSection.Kernel.RBF);
        assertThat(sampler.acquisition()).isEqualTo(SamplerSection.Acquisition.LCB);
        assertThat(sampler.stop()).isEqualTo(new SamplerSection.Stop(0.397887, 0.01, 20));
        assertThat(sampler.onStop()).isEqualTo(SamplerSection.OnStop.CANCEL);
        assertThat(sampler.failures()).isEqualTo(SamplerSection.Failures.PENALIZE);
    }

    @Test
    void anExternalSamplerNeedsLittleAndTakesDefaults() {
        SamplerSection sampler = validate(HEAD + """
                sampler: {kind: external, variables: {x1: {min: -5, max: 10}, x2: {min: 0, max: 15}},
                          objectives: {f: maximize}, budget: {maxRuns: 5}}
                """).sampler().orElseThrow();

        assertThat(sampler.inFlight()).isEqualTo(1);
        assertThat(sampler.initialDesign()).isNull();
        assertThat(sampler.onStop()).isEqualTo(SamplerSection.OnStop.DRAIN);
        assertThat(sampler.failures()).isEqualTo(SamplerSection.Failures.EXCLUDE);
        assertThat(sampler.budget().maxFailures()).isNull();
    }

    @Test
    void aJsonOutputMayProduceAnyObjective() {
        String study = HEAD.replace("[{regex: 'f=(?<f>\\S+)'}]", "[{json: result.json}]") + """
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}, x2: {min: 0, max: 1}},
                          objectives: {loss: minimize}, budget: {maxRuns: 5}}
                """;

        assertThat(validate(study).sampler().orElseThrow().objective().name()).isEqualTo("loss");
    }

    @Test
    void everyWrongFieldIsNamedWithItsFixInOneAnswer() {
        InvalidStudyException refused = refused(HEAD.replace("{constants: {steps: 10}}",
                "{grid: {y: [1, 2]}, constants: {steps: 10}}") + """
                sampler:
                  kind: clever
                  variables: {x1: {min: 10, max: 10}, x2: {max: 15}, x3: {min: 0, max: 1, scale: log}}
                  objectives: {g: minimize}
                  inFlight: 0
                  budget: {maxFailures: 0, maxTime: soon}
                  stop: {onStop: panic}
                  failures: ignore
                """);

        assertThat(refused.problems()).extracting(Problem::field).contains(
                "parameters.grid", "sampler.kind", "sampler.variables.x1", "sampler.variables.x2",
                "sampler.variables.x3.min", "sampler.objectives.g", "sampler.inFlight", "sampler.budget.maxRuns",
                "sampler.stop.onStop", "sampler.failures");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("sampler.objectives.g"))
                .extracting(Problem::message).first().asString().contains("not an output of the study", "f");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("sampler.kind"))
                .extracting(Problem::message).first().asString().contains("adaptive | external");
    }

    @Test
    void inFlightAboveTheRunBudgetIsRefused() {
        InvalidStudyException refused = refused(HEAD + """
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}, x2: {min: 0, max: 1}},
                          objectives: {f: minimize}, inFlight: 8, budget: {maxRuns: 5}}
                """);

        assertThat(refused.problems()).extracting(Problem::field).containsExactly("sampler.inFlight");
        assertThat(refused.problems().get(0).message()).contains("budget.maxRuns (5)");
    }

    @Test
    void adaptiveOnlyFieldsAreRefusedForAnExternalSampler() {
        InvalidStudyException refused = refused(HEAD + """
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}, x2: {min: 0, max: 1}},
                          objectives: {f: minimize}, budget: {maxRuns: 5}, model: {kernel: rbf},
                          initialDesign: {count: 3}}
                """);

        assertThat(refused.problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder("sampler.model", "sampler.initialDesign");
    }

    @Test
    void aTemplateNamingNeitherVariableNorConstantIsStillRefused() {
        InvalidStudyException refused = refused(HEAD.replace("'{{ steps }}'", "'{{ x9 }}'") + """
                sampler: {kind: external, variables: {x1: {min: 0, max: 1}, x2: {min: 0, max: 1}},
                          objectives: {f: minimize}, budget: {maxRuns: 5}}
                """);

        assertThat(refused.problems()).extracting(Problem::field).allMatch(field -> field.startsWith("template"));
    }

    private static ValidatedStudy validate(String yaml) {
        return VALIDATOR.validate(StudyReader.readReportingUnknownFields(yaml, true));
    }

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class, () -> validate(yaml));
    }
}
