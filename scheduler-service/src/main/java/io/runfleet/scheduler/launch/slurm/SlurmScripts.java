package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.launch.AgentLaunches;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.launch.LocalProcessLauncher;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.ScriptTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batch script of a pool's next allocation, with the agents' configuration as {@link AgentLaunches} gives it to
 * every launched agent (connect address, pool, slots, key file by path), written under
 * {@code <data>/launch/slurm/<study>/} (a named pool's under {@code pool-<name>/}).
 */
@ApplicationScoped
public class SlurmScripts {

    private final AgentLaunches launches;
    private final LaunchPaths paths;
    private final SlurmConfig config;
    private final QueuePresets presets;

    public SlurmScripts(AgentLaunches launches, LaunchPaths paths, SlurmConfig config, QueuePresets presets) {
        this.launches = launches;
        this.paths = paths;
        this.config = config;
        this.presets = presets;
    }

    /** The script's text, for an allocation of {@code nodes} nodes. */
    String text(AllocationPool pool, Launch.Slurm spec, int nodes) throws LaunchException {
        AgentStart start = agentStart(pool, spec);
        return new BatchScript(pool, paths.schedulerId(), spec, nodes, start.java(), LocalProcessLauncher.JVM_OPTIONS,
                start.agentJar(), start.properties(), start.outputDir(), start.workRoot(), presets.of(spec)).text();
    }

    /** How the pool's agents start, whichever batch script starts them. */
    record AgentStart(String java, Path agentJar, Map<String, String> properties, Path outputDir, Path workRoot) {
    }

    AgentStart agentStart(AllocationPool pool, Launch.Slurm spec) throws LaunchException {
        AgentLaunch launch = launches.of(pool.label(), pool.label(), spec);
        Map<String, String> properties = new LinkedHashMap<>(launch.properties());
        properties.put("runfleet.agent.pool", pool.name());
        // Known only inside each task: the script sets them from the job id and the task's rank.
        properties.remove("runfleet.agent.id");
        properties.remove("runfleet.agent.work-dir");
        properties.put("runfleet.agent.idle-timeout", spec.idleTimeout().toMillis() + "ms");
        launch.secretFiles().forEach((key, file) -> properties.put(key, file.toAbsolutePath().toString()));
        String java = config.java().orElseGet(() -> ProcessHandle.current().info().command().orElse("java"));
        return new AgentStart(java, launch.agentApp().resolve("quarkus-run.jar"), properties, pool.dir(paths),
                paths.dataDir().resolve("work"));
    }

    /** Writes the script for sbatch; answers its path. */
    Path write(AllocationPool pool, Launch.Slurm spec, int nodes) throws LaunchException {
        return write(pool, "allocation.sh", text(pool, spec, nodes));
    }

    /** Writes a script's text as {@code name} in the pool's directory; answers its path. */
    Path write(AllocationPool pool, String name, String text) throws LaunchException {
        return write(pool.dir(paths), name, text);
    }

    /**
     * A script for {@code sbatch --test-only} of a named pool: its directives at its largest allocation, and, in its
     * template, {@code true} in place of the agents (nothing is submitted, and no key file is needed to ask).
     */
    Path writeTest(AllocationPool pool, Launch.Slurm spec) throws LaunchException {
        BatchScript script = new BatchScript(pool, paths.schedulerId(), spec, spec.maxNodesPerAllocation(), "java",
                java.util.List.of(), Path.of("quarkus-run.jar"), Map.of(), pool.dir(paths), paths.dataDir());
        String text = spec.scriptTemplate().map(template -> ScriptTemplate.fill(template, script.directives(),
                "true\n")).orElseGet(() -> "#!/bin/bash\n" + script.directives() + "true\n");
        return write(pool.dir(paths), "test-only.sh", text);
    }

    private static Path write(Path dir, String name, String text) throws LaunchException {
        SlurmAllocations.createDirectories(dir);
        Path script = dir.resolve(name);
        try {
            Files.writeString(script, text);
            return script;
        } catch (IOException e) {
            throw new LaunchException("cannot write the batch script " + script + ": " + e.getMessage()
                    + "; check that the scheduler can write its data directory (runfleet.data-dir)", e);
        }
    }
}
