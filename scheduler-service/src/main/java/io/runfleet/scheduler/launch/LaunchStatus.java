package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import java.util.List;

/**
 * What the scheduler does about a study's launched agents, as {@code GET /studies/{id}} shows it in {@code launch}.
 *
 * @param kind             the launch section's kind: {@code local}, {@code containers}
 * @param agentsWanted     the section's {@code agents}
 * @param running          agents running now
 * @param agents           ids of the agents running now
 * @param died             agents that exited with an error or vanished, or could not start, while runs were left
 * @param replaced         agents started in place of those
 * @param maxReplacements  the limit of {@code replaced} ({@code runfleet.launch.max-replacements})
 * @param stoppedReplacing why no more agents are started for the study; null while they are
 * @param lastError        the last launch error, with its fix; null if none
 * @param slurm            the study's Slurm allocations, for kind {@code slurm}; null otherwise
 */
public record LaunchStatus(String kind, int agentsWanted, int running, List<String> agents, int died, int replaced,
                           int maxReplacements, String stoppedReplacing, String lastError,
                           SlurmLaunchStatus slurm) {

    LaunchStatus withSlurm(SlurmLaunchStatus allocations) {
        return new LaunchStatus(kind, agentsWanted, running, agents, died, replaced, maxReplacements,
                stoppedReplacing, allocations == null ? lastError : allocations.lastError(), allocations);
    }
}
