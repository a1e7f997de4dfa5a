package io.runfleet.results.export;

import io.runfleet.results.store.StoredAttempt;
import io.runfleet.wire.KeptFile;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.SamplerPoint;
import io.runfleet.wire.StepRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the results table: the parameters by name, then the outputs by name (an output named
 * like a parameter becomes {@code out_<name>}), then the bookkeeping columns. Values keep their JSON
 * types: numbers stay numbers.
 */
public final class ResultRow {

    private ResultRow() {
    }

    public static Map<String, Object> of(StoredAttempt attempt) {
        Map<String, Object> row = new LinkedHashMap<>(attempt.params());
        attempt.outputs().forEach((name, value) -> row.put(outputColumn(name, attempt.params()), value));
        row.put(ResultColumns.STUDY_ID, attempt.studyId());
        row.put(ResultColumns.RUN_ID, attempt.runId());
        row.put(ResultColumns.SEQ, attempt.seq());
        row.put(ResultColumns.STAGE, attempt.stage());
        row.put(ResultColumns.PARENT_RUN_ID, attempt.parentRunId());
        SamplerPoint sampler = attempt.sampler();
        row.put(ResultColumns.CLIENT_POINT_ID, sampler == null ? null : sampler.clientPointId());
        row.put(ResultColumns.SAMPLER_ROUND, sampler == null ? null : sampler.round());
        row.put(ResultColumns.PARAM_HASH, attempt.paramHash());
        row.put(ResultColumns.ATTEMPT, attempt.attempt());
        row.put(ResultColumns.STATE, attempt.outcome().name());
        row.put(ResultColumns.EXIT_CODE, attempt.exitCode());
        row.put(ResultColumns.AGENT, attempt.agentId());
        row.put(ResultColumns.HOST, attempt.host());
        row.put(ResultColumns.START, attempt.startedAt() == null ? null : attempt.startedAt().toString());
        row.put(ResultColumns.END, attempt.endedAt() == null ? null : attempt.endedAt().toString());
        row.put(ResultColumns.RUNTIME_S, runtimeSeconds(attempt));
        row.put(ResultColumns.ERROR, attempt.error());
        row.put(ResultColumns.STDERR, attempt.outcome() == RunOutcome.SUCCEEDED ? null : attempt.stderrTail());
        KeptFiles kept = attempt.kept();
        row.put(ResultColumns.RUN_DIR, kept == null ? null : kept.directory());
        row.put(ResultColumns.FILES, kept == null ? null : kept.files().stream().map(ResultRow::fileCell).toList());
        row.put(ResultColumns.STEPS, attempt.steps().isEmpty() ? null
                : attempt.steps().stream().map(ResultRow::stepCell).toList());
        return row;
    }

    /** A reference as a plain map, so that every export writes it the same way (nested JSON, JSON text in CSV). */
    private static Map<String, Object> fileCell(KeptFile file) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("path", file.path());
        cell.put("size", file.size());
        cell.put("sha256", file.sha256());
        return cell;
    }

    /** A step record as a plain map, written like {@link #fileCell}. */
    private static Map<String, Object> stepCell(StepRecord step) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("name", step.name());
        cell.put("outcome", step.outcome().name());
        cell.put("exitCode", step.exitCode());
        cell.put("durationMillis", step.durationMillis());
        return cell;
    }

    static String outputColumn(String outputName, Map<String, Object> params) {
        return params.containsKey(outputName) ? ResultColumns.CLASHING_OUTPUT_PREFIX + outputName : outputName;
    }

    private static Double runtimeSeconds(StoredAttempt attempt) {
        if (attempt.startedAt() == null || attempt.endedAt() == null) {
            return null;
        }
        return Duration.between(attempt.startedAt(), attempt.endedAt()).toNanos() / 1e9;
    }
}
