package io.runfleet.agent.messaging;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireMessage;

/** Builds the result of an attempt from its request (bookkeeping) and its execution (outcome). */
final class RunResults {

    private RunResults() {
    }

    static RunResult of(RunRequest request, Execution execution, AgentIdentity identity) {
        return new RunResult(
                WireMessage.SCHEMA_VERSION,
                request.studyId(),
                request.runId(),
                request.seq(),
                request.attempt(),
                request.params(),
                request.paramHash() != null ? request.paramHash() : ParamHash.of(request.params()),
                execution.outcome(),
                execution.exitCode(),
                execution.outputs(),
                execution.error(),
                execution.stderrTail(),
                identity.agentId(),
                identity.host(),
                execution.startedAt(),
                execution.endedAt(),
                request.stage(),
                request.parentRunId(),
                execution.kept(),
                request.sampler(),
                execution.steps());
    }
}
