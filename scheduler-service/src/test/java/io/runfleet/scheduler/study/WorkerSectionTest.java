package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runfleet.wire.WorkerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code template.worker}: a persistent worker's command, as a list or with {@code recycleAfter}. */
class WorkerSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String HEAD = "name: n\nparameters: {grid: {x: [1, 2]}}\n";

    @Test
    void aListIsTheWorkersCommandAndTheFilesStillRenderPerRun() throws Exception {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read(HEAD
                + "template: {worker: [python3, sim.py], files: {sim.py: 'x = {{ x }}'}, timeout: 5s}\n", true));

        assertThat(study.spec().worker()).isEqualTo(new WorkerSpec(List.of("python3", "sim.py"), 0));
        assertThat(study.spec().command()).isEmpty();
        assertThat(study.spec().files()).isEqualTo(Map.of("sim.py", "x = {{ x }}"));
        assertThat(study.spec().timeoutMillis()).isEqualTo(5_000);
    }

    @Test
    void theLongFormGivesARecycleCount() throws Exception {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read(HEAD
                + "template: {worker: {command: [python3, sim.py], recycleAfter: 500}}\n", true));

        assertThat(study.spec().worker()).isEqualTo(new WorkerSpec(List.of("python3", "sim.py"), 500));
    }

    @Test
    void aTemplateWithoutWorkerHasNone() throws Exception {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read(HEAD + "template: {command: [echo]}\n", true));

        assertThat(study.spec().worker()).isNull();
    }

    @Test
    void aWorkerWithCommandBuiltinOrShellIsRefusedNamingTheField() {
        List<Problem> problems = refused(HEAD + "template: {worker: [python3, sim.py], command: [echo], shell: true}\n");

        assertThat(problems).extracting(Problem::field).contains("template.worker");
        assertThat(problems).extracting(Problem::message)
                .anySatisfy(message -> assertThat(message).contains("either template.command", "not both"))
                .anySatisfy(message -> assertThat(message).contains("without a shell"));
        assertThat(refused(HEAD + "template: {worker: [python3], builtin: noop}\n"))
                .extracting(Problem::message).anySatisfy(message -> assertThat(message).contains("template.builtin"));
    }

    @Test
    void aBadWorkerIsRefusedNamingWhatIsWrong() {
        assertThat(refused(HEAD + "template: {worker: []}\n")).extracting(Problem::field)
                .containsExactly("template.worker");
        assertThat(refused(HEAD + "template: {worker: python3 sim.py}\n")).extracting(Problem::message)
                .anySatisfy(message -> assertThat(message).contains("argument list"));
        assertThat(refused(HEAD + "template: {worker: {command: [python3], recycleAfter: -1, recyle: 3}}\n"))
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("template.worker.recyle", "template.worker.recycleAfter");
        assertThat(refused(HEAD + "template: {worker: [python3, '{{ x }}']}\n")).extracting(Problem::message)
                .anySatisfy(message -> assertThat(message).contains("placeholders are not rendered"));
    }

    private static List<Problem> refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class,
                () -> VALIDATOR.validate(StudyReader.read(yaml, true))).problems();
    }
}
