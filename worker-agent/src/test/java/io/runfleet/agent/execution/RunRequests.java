package io.runfleet.agent.execution;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireMessage;
import java.util.List;
import java.util.Map;

/** Builds run requests for tests. */
public final class RunRequests {

    private RunRequests() {
    }

    public static RunSpec command(List<String> command, OutputSpec... outputs) {
        return new RunSpec(command, false, null, Map.of(), Map.of(), 0, List.of(outputs), "all");
    }

    public static RunRequest request(String runId, RunSpec spec, Map<String, Object> params) {
        return new RunRequest(WireMessage.SCHEMA_VERSION, "study-1", runId, 7, 2, params, ParamHash.of(params),
                spec, 0, null, null);
    }

    public static RunRequest request(RunSpec spec, Map<String, Object> params) {
        return request("run-a", spec, params);
    }
}
