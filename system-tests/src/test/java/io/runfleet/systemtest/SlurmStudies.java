package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The studies a Slurm test class submits to a scheduler that launches its agents in allocations, and the jobs of
 * those allocations as squeue shows them by job name; {@link #cancelAll} ends the studies and cancels what is left of
 * their jobs, so that the class leaves the shared cluster as it found it.
 */
final class SlurmStudies {

    /** The states of a job that still holds (or waits for) the node. */
    static final Set<String> LIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING");

    private final SystemUnderTest system;
    private final List<String> ids = new ArrayList<>();
    private SlurmCluster slurm;

    SlurmStudies(SystemUnderTest system) {
        this.system = system;
    }

    /**
     * A scheduler that launches agents from this build's worker agent and looks at the queue every second, with no
     * agent of its own connected: the allocations' agents are the only ones.
     */
    static SystemUnderTest launchingScheduler() {
        return SystemUnderTest.withAgents()
                .withSchedulerSetting("runfleet.launch.agent-app",
                        ItPaths.serviceJar("worker-agent").getParent().toString())
                .withSchedulerSetting("runfleet.launch.slurm.poll-interval", "1s");
    }

    /** Fails, naming the start script, unless the cluster answers; call it before the first test. */
    SlurmCluster cluster() {
        if (slurm == null) {
            slurm = SlurmCluster.reachable();
        }
        return slurm;
    }

    /** Submits a valid study and remembers it for the clean-up; answers its id. */
    String submit(String yaml) {
        String studyId = system.scheduler().submitValidYaml(yaml);
        ids.add(studyId);
        return studyId;
    }

    /** The live jobs named {@code name}, job id to state. */
    Map<String, String> liveJobs(String name) {
        return cluster().run("squeue", "-h", "-o", "%i|%j|%T").lines().map(line -> line.strip().split("\\|"))
                .filter(fields -> fields.length == 3 && fields[1].equals(name) && LIVE.contains(fields[2]))
                .collect(Collectors.toMap(fields -> fields[0], fields -> fields[2]));
    }

    void awaitNoLiveJob(String name, Duration timeout) {
        await("no job " + name + " left in squeue").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> liveJobs(name).isEmpty());
    }

    /**
     * Ends the studies, so that the scheduler submits nothing more, then cancels the live jobs of the given names and
     * those the class submitted itself.
     */
    void cancelAll(Collection<String> jobNames) {
        ids.forEach(studyId -> system.scheduler().rest().post("/studies/" + studyId + "/cancel"));
        if (slurm == null) {
            return;
        }
        jobNames.forEach(name -> liveJobs(name).keySet().forEach(slurm::remember));
        slurm.cancelAll();
    }

    List<String> ids() {
        return List.copyOf(ids);
    }
}
