package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pools file (runfleet.launch.pools-file) read by the rules of a study's launch.slurm, and a study's
 * {@code launch: {pool: NAME}} resolved against the pools the scheduler accepted.
 */
class NamedPoolsTest {

    private static final String STUDY = "name: l\nparameters: {grid: {x: [1, 2]}}\ntemplate: {command: [echo, '{{ x }}']}\n";
    private static final String TEMPLATE = "#!/bin/bash\n{{ runfleet.directives }}\n#SBATCH --exclusive\nmodule load x\n"
            + "{{ runfleet.agents }}\necho done\n";

    @TempDir
    Path dir;

    @Test
    void aPoolsFileGivesEachPoolItsSectionAndName() throws IOException {
        Files.writeString(dir.resolve("gpu.sh"), TEMPLATE);
        Path file = write("pools:\n  cpu: {slurm: {partition: debug, walltime: 2h, maxAllocations: 3}}\n"
                + "  gpu: {slurm: {partition: debug, walltime: 30m}, scriptTemplateFile: gpu.sh}\n");

        Map<String, Launch.Slurm> pools = PoolsFile.read(file);

        assertThat(pools).containsOnlyKeys("cpu", "gpu");
        assertThat(pools.get("cpu").pool()).contains("cpu");
        assertThat(pools.get("cpu").walltime()).isEqualTo(Duration.ofHours(2));
        assertThat(pools.get("cpu").maxAllocations()).isEqualTo(3);
        assertThat(pools.get("cpu").scriptTemplate()).isEmpty();
        assertThat(pools.get("gpu").scriptTemplate()).as("read from the file beside the pools file").contains(TEMPLATE);
    }

    @Test
    void everyProblemOfThePoolsFileIsNamedByItsPlaceInTheFile() throws IOException {
        Path file = write("pools:\n  gpu: {slurm: {qos: 'a b', walltime: soon, partiton: x}}\n"
                + "  study-1: {slurm: {}}\n  tpl: {slurm: {}, scriptTemplateFile: missing.sh}\n  bare: {}\n");

        PoolsFile.InvalidPoolsFile refused = catchThrowableOfType(PoolsFile.InvalidPoolsFile.class,
                () -> PoolsFile.read(file));

        assertThat(refused.getMessage()).contains(file.toString()).contains("runfleet.launch.pools-file")
                .contains("pools.gpu.slurm.qos: 'a b' is not a Slurm qos name")
                .contains("pools.gpu.slurm.walltime:")
                .contains("pools.gpu.slurm.partiton: unknown field 'partiton'; did you mean partition?")
                .contains("pools.study-1: 'study-1' looks like a study's own pool")
                .contains("pools.tpl.scriptTemplateFile: cannot read " + dir.resolve("missing.sh"))
                .contains("pools.bare.slurm: missing");
    }

    @Test
    void aTemplateWithoutTheAgentsPlaceholderIsRefusedNamingIt() throws IOException {
        Path file = write("pools:\n  gpu: {slurm: {scriptTemplate: \"#!/bin/bash\\n{{ runfleet.directives }}\\necho\\n\"}}\n");

        assertThat(catchThrowableOfType(PoolsFile.InvalidPoolsFile.class, () -> PoolsFile.read(file)).getMessage())
                .contains("pools.gpu.slurm.scriptTemplate: has no {{ runfleet.agents }}");
    }

    @Test
    void aStudyNamingAnAcceptedPoolGetsThePoolsSection() {
        Launch.Slurm gpu = PoolsFile.parse("pools: {gpu: {slurm: {partition: debug, walltime: 2h}}}\n", dir).get("gpu");

        Launch launch = validate(STUDY + "launch: {pool: gpu}\n", new NamedPools(Map.of("gpu", gpu), Map.of()))
                .launch().orElseThrow();

        assertThat(launch).isEqualTo(gpu);
        assertThat(((Launch.Slurm) launch).pool()).contains("gpu");
    }

    @Test
    void aStudyNamingAnUnknownPoolIsToldTheConfiguredOnes() {
        NamedPools pools = new NamedPools(Map.of("gpu", PoolsFile.parse("pools: {gpu: {slurm: {}}}\n", dir).get("gpu")),
                Map.of("broken", "sbatch --test-only refused its directives: sbatch: error: invalid partition"));

        assertThat(refused(STUDY + "launch: {pool: cpu}\n", pools).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("launch.pool");
            assertThat(problem.message()).contains("'cpu' is no pool of this scheduler").contains("broken, gpu");
        });
        assertThat(refused(STUDY + "launch: {pool: broken}\n", pools).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("launch.pool");
            assertThat(problem.message()).contains("was refused").contains("sbatch: error: invalid partition");
        });
        assertThat(refused(STUDY + "launch: {pool: gpu, slurm: {}}\n", pools).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("give the pool alone"));
        assertThat(refused(STUDY + "launch: {pool: gpu}\n", NamedPools.none()).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("no named pools"));
    }

    @Test
    void aStudysOwnTemplateIsCheckedForItsPlaceholders() {
        String study = STUDY + "launch: {slurm: {scriptTemplate: \"#!/bin/bash\\necho hi\\n{{ runfleet.directives }}\\n"
                + "#SBATCH --time=5\\n{{ runfleet.nodes }}\\n\"}}\n";

        assertThat(refused(study, NamedPools.none()).problems()).extracting(Problem::field)
                .containsOnly("launch.slurm.scriptTemplate");
        assertThat(refused(study, NamedPools.none()).problems()).extracting(Problem::message).satisfiesExactly(
                message -> assertThat(message).contains("line 3").contains("after a command"),
                message -> assertThat(message).contains("line 4").contains("--time=5"),
                message -> assertThat(message).contains("unknown placeholder {{ runfleet.nodes }}"),
                message -> assertThat(message).contains("has no {{ runfleet.agents }}"));
        Launch.Slurm accepted = (Launch.Slurm) validate(STUDY + "launch: {slurm: {scriptTemplate: \""
                + TEMPLATE.replace("\n", "\\n") + "\"}}\n", NamedPools.none()).launch().orElseThrow();
        assertThat(accepted.scriptTemplate()).contains(TEMPLATE);
        assertThat(accepted.pool()).isEqualTo(Optional.empty());
    }

    @Test
    void aTemplateIsFilledInPlaceOfItsPlaceholderLines() {
        assertThat(ScriptTemplate.fill(TEMPLATE, "#SBATCH --nodes=1\n", "srun agent\n")).isEqualTo(
                "#!/bin/bash\n#SBATCH --nodes=1\n#SBATCH --exclusive\nmodule load x\nsrun agent\necho done\n");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("pools.yaml"), text);
    }

    private static ValidatedStudy validate(String yaml, NamedPools pools) {
        return new StudyValidator(1_000, 1 << 20, false).withPools(pools)
                .validate(StudyReader.readReportingUnknownFields(yaml, true));
    }

    private static InvalidStudyException refused(String yaml, NamedPools pools) {
        return catchThrowableOfType(InvalidStudyException.class, () -> validate(yaml, pools));
    }
}
