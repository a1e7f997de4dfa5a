package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.launch.AgentLaunches;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.launch.LocalProcessLauncher;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batch script of a study's next allocation, with the agents' configuration as {@link AgentLaunches} gives it to
 * every launched agent (connect address, pool, slots, key file by path), written under
 * {@code <data>/launch/slurm/<study>/}.
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
    public String text(String studyId, Launch.Slurm spec, int nodes) throws LaunchException {
        AgentLaunch launch = launches.of(studyId, studyId, spec);
        Map<String, String> properties = new LinkedHashMap<>(launch.properties());
        // Known only inside each task: the script sets them from the job id and the task's rank.
        properties.remove("runfleet.agent.id");
        properties.remove("runfleet.agent.work-dir");
        properties.put("runfleet.agent.idle-timeout", spec.idleTimeout().toMillis() + "ms");
        launch.secretFiles().forEach((key, file) -> properties.put(key, file.toAbsolutePath().toString()));
        String java = config.java().orElseGet(() -> ProcessHandle.current().info().command().orElse("java"));
        Path dir = SlurmAllocations.studyDir(paths, studyId);
        return new BatchScript(studyId, paths.schedulerId(), spec, nodes, java, LocalProcessLauncher.JVM_OPTIONS,
                launch.agentApp().resolve("quarkus-run.jar"), properties, dir, paths.dataDir().resolve("work"),
                presets.of(spec)).text();
    }

    /** Writes the script for sbatch; answers its path. */
    Path write(String studyId, Launch.Slurm spec, int nodes) throws LaunchException {
        String text = text(studyId, spec, nodes);
        Path dir = SlurmAllocations.studyDir(paths, studyId);
        SlurmAllocations.createDirectories(dir);
        Path script = dir.resolve("allocation.sh");
        try {
            Files.writeString(script, text);
            return script;
        } catch (IOException e) {
            throw new LaunchException("cannot write the batch script " + script + ": " + e.getMessage()
                    + "; check that the scheduler can write its data directory (runfleet.data-dir)", e);
        }
    }
}
