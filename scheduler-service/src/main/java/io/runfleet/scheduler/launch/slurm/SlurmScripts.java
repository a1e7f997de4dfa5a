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

    public SlurmScripts(AgentLaunches launches, LaunchPaths paths, SlurmConfig config) {
        this.launches = launches;
        this.paths = paths;
        this.config = config;
    }

    /** The script's text, for an allocation of {@code nodes} nodes. */
    public String text(String studyId, Launch.Slurm spec, int nodes) throws LaunchException {
        AgentStart start = agentStart(studyId, spec);
        return new BatchScript(studyId, paths.schedulerId(), spec, nodes, start.java(), LocalProcessLauncher.JVM_OPTIONS,
                start.agentJar(), start.properties(), start.outputDir(), start.workRoot()).text();
    }

    /** How the study's agents start, whichever batch script starts them. */
    record AgentStart(String java, Path agentJar, Map<String, String> properties, Path outputDir, Path workRoot) {
    }

    AgentStart agentStart(String studyId, Launch.Slurm spec) throws LaunchException {
        AgentLaunch launch = launches.of(studyId, studyId, spec);
        Map<String, String> properties = new LinkedHashMap<>(launch.properties());
        // Known only inside each task: the script sets them from the job id and the task's rank.
        properties.remove("runfleet.agent.id");
        properties.remove("runfleet.agent.work-dir");
        properties.put("runfleet.agent.idle-timeout", spec.idleTimeout().toMillis() + "ms");
        launch.secretFiles().forEach((key, file) -> properties.put(key, file.toAbsolutePath().toString()));
        String java = config.java().orElseGet(() -> ProcessHandle.current().info().command().orElse("java"));
        return new AgentStart(java, launch.agentApp().resolve("quarkus-run.jar"), properties,
                SlurmAllocations.studyDir(paths, studyId), paths.dataDir().resolve("work"));
    }

    /** Writes the script for sbatch; answers its path. */
    Path write(String studyId, Launch.Slurm spec, int nodes) throws LaunchException {
        return write(studyId, "allocation.sh", text(studyId, spec, nodes));
    }

    /** Writes a script's text as {@code name} in the study's directory; answers its path. */
    Path write(String studyId, String name, String text) throws LaunchException {
        Path dir = SlurmAllocations.studyDir(paths, studyId);
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
