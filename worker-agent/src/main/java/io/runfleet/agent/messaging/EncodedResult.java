package io.runfleet.agent.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import java.util.Map;
import java.util.Optional;

/**
 * A result as it goes on the wire. One whose encoding exceeds the message limit would be refused by every receiver
 * and never stored, so the run would only come back as lost, again and again, without a word of why: it is replaced
 * here by the same attempt FAILED, its outputs dropped, and an error that says how large it was and what made it
 * so. Its bookkeeping, stderr tail and file references stay.
 *
 * @param result the result sent (the original, or its FAILED replacement)
 * @param bytes  its encoding
 */
record EncodedResult(RunResult result, byte[] bytes) {

    /** The result within {@code maxBytes}, or its FAILED replacement. */
    static EncodedResult within(RunResult result, int maxBytes) {
        byte[] bytes = WireCodec.encode(result);
        if (bytes.length <= maxBytes) {
            return new EncodedResult(result, bytes);
        }
        RunResult refused = refused(result, reason(result, bytes.length, maxBytes));
        return new EncodedResult(refused, WireCodec.encode(refused));
    }

    private static String reason(RunResult result, int size, int maxBytes) {
        StringBuilder reason = new StringBuilder("result refused: ").append(size)
                .append(" bytes encoded, more than the message limit of ").append(maxBytes).append(" bytes");
        largestOutput(result.outputs()).ifPresent(largest -> reason.append("; the largest output is '")
                .append(largest.getKey()).append("' with ").append(largest.getValue()).append(" bytes"));
        return reason.append("; keep bulk data in files (results list them by reference) and output a summary")
                .toString();
    }

    private static Optional<Map.Entry<String, Integer>> largestOutput(Map<String, Object> outputs) {
        return outputs.entrySet().stream()
                .map(output -> Map.entry(output.getKey(), encodedSize(output.getValue())))
                .max(Map.Entry.comparingByValue());
    }

    private static int encodedSize(Object value) {
        try {
            return WireCodec.mapper().writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            // it was encoded a moment ago as part of the result, so this cannot happen
            throw new IllegalStateException(e);
        }
    }

    private static RunResult refused(RunResult result, String reason) {
        return new RunResult(result.schemaVersion(), result.studyId(), result.runId(), result.seq(), result.attempt(),
                result.params(), result.paramHash(), RunOutcome.FAILED, result.exitCode(), Map.of(), reason,
                result.stderrTail(), result.agentId(), result.host(), result.startedAt(), result.endedAt(),
                result.stage(), result.parentRunId(), result.kept(), result.sampler());
    }
}
