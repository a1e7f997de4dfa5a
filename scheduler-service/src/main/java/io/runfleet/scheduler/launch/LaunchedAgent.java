package io.runfleet.scheduler.launch;

import java.util.Optional;

/**
 * An agent a launcher started, as the launcher sees it now.
 *
 * @param kind     the launcher's {@link Launcher#kind()}
 * @param agentId  its {@code runfleet.agent.id}
 * @param studyId  the study it was started for
 * @param handle   what the launcher knows it by: a pid, a container id
 * @param running  whether it is still running
 * @param exitCode how it ended, once it has and the launcher can tell
 */
public record LaunchedAgent(String kind, String agentId, String studyId, String handle, boolean running,
                            Optional<Integer> exitCode) {
}
