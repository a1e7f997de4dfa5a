package io.runfleet.agent.worker;

import io.runfleet.agent.outcome.RunSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Prepares a worker's directory before its process starts. */
@FunctionalInterface
public interface WorkerSetup {

    /**
     * Renders the study's template files into {@code workerDir}.
     *
     * @return the environment the worker starts with, besides the agent's own
     */
    Map<String, String> prepare(Path workerDir) throws RunSetupException, IOException;
}
