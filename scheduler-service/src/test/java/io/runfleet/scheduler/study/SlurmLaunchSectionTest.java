package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A study's {@code launch.slurm} section: its defaults, its slots, and every wrong field named in one answer. */
class SlurmLaunchSectionTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000, 1 << 20, false);
    private static final String STUDY = "name: l\nparameters: {grid: {x: [1, 2]}}\ntemplate: {command: [echo, '{{ x }}']}\n";

    @Test
    void everyFieldIsRead() {
        Launch launch = validate(STUDY + "launch: {slurm: {partition: debug, account: proj1, qos: normal, walltime: 2h,"
                + " maxNodesPerAllocation: 4, agentsPerNode: 2, cpusPerAgent: 8, threadsPerRun: 2, maxAllocations: 3,"
                + " maxPendingAllocations: 1, idleTimeout: 30s, drainMargin: 5m, setup: ['module load gcc'],"
                + " submitArgs: ['--constraint=haswell']}}\n").launch().orElseThrow();

        assertThat(launch).isEqualTo(new Launch.Slurm(Optional.of("debug"), Optional.of("proj1"), Optional.of("normal"),
                Duration.ofHours(2), 4, 2, 8, 2, 3, 1, Duration.ofSeconds(30), Duration.ofMinutes(5),
                List.of("module load gcc"), List.of("--constraint=haswell")));
        assertThat(launch.slots()).as("cpusPerAgent / threadsPerRun").isEqualTo(4);
        assertThat(launch.agents()).as("3 allocations of 4 nodes of 2 agents").isEqualTo(24);
        assertThat(((Launch.Slurm) launch).longestRun()).isEqualTo(Duration.ofMinutes(115));
    }

    @Test
    void defaultsFillAnEmptySection() {
        Launch.Slurm slurm = (Launch.Slurm) validate(STUDY + "launch: {slurm: {}}\n").launch().orElseThrow();

        assertThat(slurm.partition()).isEmpty();
        assertThat(slurm.walltime()).isEqualTo(Duration.ofHours(1));
        assertThat(slurm.maxPendingAllocations()).isEqualTo(slurm.maxAllocations()).isEqualTo(1);
        assertThat(slurm.drainMargin()).isEqualTo(Duration.ofMinutes(2));
        assertThat(slurm.slots()).isEqualTo(1);
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        InvalidStudyException refused = refused(STUDY + "launch: {slurm: {partition: 'a b', walltime: 30s,"
                + " agentsPerNode: 0, cpusPerAgent: 2, threadsPerRun: 4, maxAllocations: lots, idleTimeout: soon,"
                + " submitArgs: [--time=10, -N2, '--job-name=x', --exclusive, nodes]}}\n");

        assertThat(refused.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "launch.slurm.partition", "launch.slurm.walltime", "launch.slurm.agentsPerNode",
                "launch.slurm.threadsPerRun", "launch.slurm.maxAllocations", "launch.slurm.idleTimeout",
                "launch.slurm.submitArgs[0]", "launch.slurm.submitArgs[1]", "launch.slurm.submitArgs[2]",
                "launch.slurm.submitArgs[4]");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("launch.slurm.submitArgs[0]"))
                .singleElement().extracting(Problem::message).asString()
                .contains("--time=10").contains("Runfleet writes itself").contains("walltime");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("launch.slurm.threadsPerRun"))
                .singleElement().extracting(Problem::message).asString().contains("cpusPerAgent (2)");
        assertThat(refused.problems()).filteredOn(problem -> problem.field().equals("launch.slurm.walltime"))
                .singleElement().extracting(Problem::message).asString().contains("1m or more");
    }

    @Test
    void aDrainMarginAsLongAsTheWalltimeIsRefused() {
        assertThat(refused(STUDY + "launch: {slurm: {walltime: 2m, drainMargin: 2m}}\n").problems())
                .extracting(Problem::field).containsExactly("launch.slurm.drainMargin");
    }

    @Test
    void slurmBesideAnotherKindIsRefused() {
        assertThat(refused(STUDY + "launch: {local: {}, slurm: {}}\n").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("slurm: {partition"));
    }

    private static ValidatedStudy validate(String yaml) {
        return VALIDATOR.validate(StudyReader.readReportingUnknownFields(yaml, true));
    }

    private static InvalidStudyException refused(String yaml) {
        return catchThrowableOfType(InvalidStudyException.class, () -> validate(yaml));
    }
}
