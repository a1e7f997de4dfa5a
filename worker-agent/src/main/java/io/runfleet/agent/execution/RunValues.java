package io.runfleet.agent.execution;

import io.runfleet.wire.RunRequest;
import io.runfleet.wire.template.RunRendering;
import java.nio.file.Path;
import java.util.Map;

/** The values a run's placeholders may name: its parameters plus the builtins (wire's {@link RunRendering}). */
final class RunValues {

    private RunValues() {
    }

    static Map<String, Object> of(RunRequest request, Path runDir) {
        return RunRendering.values(request.params(), request.studyId(), request.runId(), request.seq(),
                request.attempt(), runDir.toAbsolutePath().toString());
    }
}
