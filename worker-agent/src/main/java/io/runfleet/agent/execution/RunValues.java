package io.runfleet.agent.execution;

import io.runfleet.wire.RunRequest;
import io.runfleet.wire.template.BuiltinNames;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The values a run's placeholders may name: its parameters plus the builtins. */
final class RunValues {

    private RunValues() {
    }

    static Map<String, Object> of(RunRequest request, Path runDir) {
        Map<String, Object> values = new HashMap<>(request.params());
        values.put(BuiltinNames.RUN_ID, request.runId());
        values.put(BuiltinNames.RUN_SEQ, request.seq());
        values.put(BuiltinNames.RUN_ATTEMPT, request.attempt());
        values.put(BuiltinNames.STUDY_ID, request.studyId());
        values.put(BuiltinNames.RUN_DIR, runDir.toAbsolutePath().toString());
        return values;
    }
}
