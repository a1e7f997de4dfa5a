package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.study.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch script of an allocation, against its golden text (src/test/resources/slurm/allocation.sh). */
class BatchScriptTest {

    private static final Launch.Slurm SPEC = new Launch.Slurm(Optional.of("debug"), Optional.of("proj1"),
            Optional.empty(), Duration.ofMinutes(90), 2, 2, 4, 2, 3, 1, Duration.ofSeconds(30), Duration.ofMinutes(2),
            List.of("module load gcc/12"), List.of("--constraint=haswell"));

    @Test
    void theScriptMatchesItsGoldenText() throws IOException {
        assertThat(goldenScript().text()).isEqualTo(golden());
    }

    @Test
    void aTemplateTakesRunfleetsDirectivesAndAgentsBlockWhereItsPlaceholdersStand() throws IOException {
        Launch.Slurm templated = new Launch.Slurm(SPEC.partition(), SPEC.account(), SPEC.qos(), SPEC.walltime(),
                SPEC.maxNodesPerAllocation(), SPEC.agentsPerNode(), SPEC.cpusPerAgent(), SPEC.threadsPerRun(),
                SPEC.maxAllocations(), SPEC.maxPendingAllocations(), SPEC.idleTimeout(), SPEC.drainMargin(),
                SPEC.setup(), SPEC.submitArgs()).inPool("gpu", Optional.of("#!/bin/bash -l\n# site header\n"
                + "{{ runfleet.directives }}\n#SBATCH --exclusive\nmodule purge\n  {{runfleet.agents}}  \necho after\n"));
        BatchScript script = new BatchScript(AllocationPool.named("gpu"), "sched-a", templated, 2, "/opt/java/bin/java",
                List.of(), Path.of("/opt/runfleet/worker-agent/quarkus-run.jar"), Map.of(),
                Path.of("/data/launch/slurm/pool-gpu"), Path.of("/data/work"));

        String text = script.text();

        assertThat(text).startsWith("#!/bin/bash -l\n# site header\n#SBATCH --job-name=runfleet-pool-gpu\n"
                + "#SBATCH --comment=runfleet:sched-a::gpu\n#SBATCH --partition=debug\n")
                .contains("#SBATCH --constraint=haswell\n#SBATCH --exclusive\nmodule purge\n# Written by the Runfleet"
                        + " scheduler sched-a for pool gpu: agents of pool gpu")
                .contains("export RF_SLURM_AGENT='gpu'\n").endsWith("exit $status\necho after\n")
                .doesNotContain("{{");
        assertThat(text.replace(script.directives(), "").replace(script.agents(), ""))
                .isEqualTo("#!/bin/bash -l\n# site header\n#SBATCH --exclusive\nmodule purge\necho after\n");
        assertThat(golden()).as("without a template, Runfleet's own script: the two blocks after #!/bin/bash")
                .isEqualTo("#!/bin/bash\n" + goldenScript().directives() + goldenScript().agents());
    }

    @Test
    void aNamedPoolsAllocationsAreFoundByTheirComment() {
        SlurmJob job = new SlurmJob("7", AllocationNames.jobName(AllocationPool.named("gpu")), "RUNNING",
                AllocationNames.comment("sched-a", AllocationPool.named("gpu")), 1, 0, 0);
        SlurmJob own = new SlurmJob("8", "runfleet-s1", "RUNNING", AllocationNames.comment("sched-a", "s1"), 1, 0, 0);

        assertThat(AllocationNames.poolOf(job, "sched-a")).contains(AllocationPool.named("gpu"));
        assertThat(AllocationNames.studyOf(job, "sched-a")).as("a named pool's allocation has no study").isEmpty();
        assertThat(AllocationNames.poolOf(own, "sched-a")).contains(AllocationPool.ofStudy("s1"));
        assertThat(AllocationNames.poolOf(job, "sched-b")).as("another scheduler's").isEmpty();
    }

    /** The script of the golden file: study s1's own pool. */
    private static BatchScript goldenScript() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runfleet.agent.pool", "study-s1");
        properties.put("runfleet.agent.slots", "2");
        properties.put("runfleet.zmq.curve.key-file", "/data/launch/secrets/agent.key");
        return new BatchScript(AllocationPool.ofStudy("s1"), "sched-a", SPEC, 2, "/opt/java/bin/java",
                List.of("-Xmx256m"), Path.of("/opt/runfleet/worker-agent/quarkus-run.jar"), properties,
                Path.of("/data/launch/slurm/s1"), Path.of("/data/work"));
    }

    @Test
    void walltimesAreWrittenInSlurmsFormatRoundedUpToMinutes() {
        assertThat(BatchScript.slurmTime(Duration.ofMinutes(2))).isEqualTo("0:02:00");
        assertThat(BatchScript.slurmTime(Duration.ofSeconds(61))).isEqualTo("0:02:00");
        assertThat(BatchScript.slurmTime(Duration.ofHours(49))).isEqualTo("2-1:00:00");
    }

    @Test
    void wordsAreQuotedForTheShell() {
        assertThat(BatchScript.quote("it's")).isEqualTo("'it'\\''s'");
    }

    private static String golden() throws IOException {
        try (InputStream in = BatchScriptTest.class.getResourceAsStream("/slurm/allocation.sh")) {
            return in == null ? "(no golden file)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
