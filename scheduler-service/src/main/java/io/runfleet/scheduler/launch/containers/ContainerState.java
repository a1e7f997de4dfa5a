package io.runfleet.scheduler.launch.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchedAgent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code inspect} output, which docker and podman shape alike (Name, State, Config.Labels). */
final class ContainerState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerState() {
    }

    /** One agent per inspected container that carries the agent label. */
    static List<LaunchedAgent> agents(String inspectJson) throws LaunchException {
        JsonNode containers;
        try {
            containers = JSON.readTree(inspectJson);
        } catch (IOException e) {
            throw new LaunchException("cannot read the container engine's inspect output: " + e.getMessage(), e);
        }
        List<LaunchedAgent> agents = new ArrayList<>();
        for (JsonNode container : containers) {
            JsonNode labels = container.path("Config").path("Labels");
            if (!labels.hasNonNull(RunCommand.LABEL_AGENT)) {
                continue;
            }
            JsonNode state = container.path("State");
            boolean running = state.path("Running").asBoolean(false);
            Optional<Integer> exitCode = running || !state.has("ExitCode") ? Optional.empty()
                    : Optional.of(state.path("ExitCode").asInt());
            // docker names start with a slash, podman's do not
            String name = container.path("Name").asText().replaceFirst("^/", "");
            agents.add(new LaunchedAgent(ContainerLauncher.KIND, labels.path(RunCommand.LABEL_AGENT).asText(),
                    labels.path(RunCommand.LABEL_STUDY).asText(), name, running, exitCode));
        }
        return agents;
    }
}
