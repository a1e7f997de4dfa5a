package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.util.Map;

/**
 * One agent to start for a study.
 *
 * @param schedulerId the scheduler that starts it; labels the agent so that this scheduler, restarted, finds it
 * @param studyId     the study it works for; labels the agent too
 * @param agentId     its {@code runfleet.agent.id}, unique among the scheduler's agents
 * @param spec        the study's launch section
 * @param agentApp    the worker agent's Quarkus application directory (holding {@code quarkus-run.jar})
 * @param properties  the agent's configuration (connect address, pool, slots, idle timeout...): nothing secret,
 *                    passed as system properties or environment
 * @param secretFiles configuration properties whose value is the path of a secret file (the agent's CurveZMQ key
 *                    file, a broker password file): the launcher makes each file readable by the agent (for a container,
 *                    as a secret, never in the image or on the command line) and sets the property to where the agent
 *                    sees it
 * @param workDir     the agent's work directory on the scheduler's machine (a container gets it as its work volume)
 */
public record AgentLaunch(String schedulerId, String studyId, String agentId, Launch spec, Path agentApp,
                          Map<String, String> properties, Map<String, Path> secretFiles, Path workDir) {

    public AgentLaunch {
        properties = Map.copyOf(properties);
        secretFiles = Map.copyOf(secretFiles);
    }
}
