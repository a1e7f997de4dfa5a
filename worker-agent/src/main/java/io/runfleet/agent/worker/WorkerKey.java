package io.runfleet.agent.worker;

import java.util.List;

/**
 * What a worker serves: one stage of one study with one command. Two studies (or two stages) never share a worker,
 * even with the same command, since a worker may hold state of the runs it served.
 */
record WorkerKey(String studyId, String stage, List<String> command) {

    WorkerKey {
        command = List.copyOf(command);
    }

    @Override
    public String toString() {
        return studyId + "/" + stage + " " + String.join(" ", command);
    }
}
