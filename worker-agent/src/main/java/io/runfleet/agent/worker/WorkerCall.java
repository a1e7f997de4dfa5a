package io.runfleet.agent.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.process.Durations;
import io.runfleet.agent.process.StderrTail;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One request to a worker and its answer (docs/worker-protocol.md): writes the request line, waits for the result
 * line within the run's timeout while watching for a cancel, and turns the line into an {@link Execution}. Whenever
 * the worker cannot be trusted with the next run (it died, timed out, was cancelled or broke the protocol), the call
 * says so ({@link #workerSpoiled}) and the pool replaces it.
 */
final class WorkerCall {

    /** How often a waiting call looks for a cancel; an answer is taken as soon as it comes. */
    private static final long SLICE_MILLIS = 50;
    /** How long a worker's last line may take to reach the queue after its process ended. */
    private static final long LAST_LINE_MILLIS = 200;
    /** Errors and quoted lines stay one short line in the run list. */
    private static final int MAX_TEXT = 300;

    private final ObjectMapper json;
    private final int stderrTailLines;
    private boolean spoiled;

    WorkerCall(ObjectMapper json, int stderrTailLines) {
        this.json = json;
        this.stderrTailLines = stderrTailLines;
    }

    boolean workerSpoiled() {
        return spoiled;
    }

    /** @param stopRequest answers the reason once the run is cancelled, else null */
    Execution run(WorkerProcess worker, RunRequest request, Path runDir, Supplier<String> stopRequest,
                  Instant startedAt) {
        try {
            worker.send(requestLine(request, runDir));
        } catch (IOException e) {
            return died(worker, startedAt);
        }
        long timeoutMillis = request.spec().timeoutMillis();
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
                : Long.MAX_VALUE;
        try {
            while (true) {
                String stop = stopRequest.get();
                if (stop != null) {
                    spoiled = true;
                    worker.kill();
                    return Execution.ended(RunOutcome.CANCELLED, stop, startedAt);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    spoiled = true;
                    int killed = worker.kill();
                    return Execution.ended(RunOutcome.TIMED_OUT, "timed out after " + Durations.text(timeoutMillis)
                            + "; killed the worker (" + killed + " processes), restarted for the next run", startedAt);
                }
                String line = worker.next(Math.min(SLICE_MILLIS, left));
                if (line == null && !worker.isAlive()) {
                    line = worker.next(LAST_LINE_MILLIS);
                    if (line == null) {
                        return died(worker, startedAt);
                    }
                }
                if (line != null) {
                    return WorkerProcess.isEnd(line) ? died(worker, startedAt)
                            : answer(worker, request, line, startedAt);
                }
            }
        } catch (InterruptedException e) {
            spoiled = true;
            worker.kill();
            Thread.currentThread().interrupt();
            return Execution.ended(RunOutcome.CANCELLED, "interrupted while waiting for the worker", startedAt);
        }
    }

    private String requestLine(RunRequest request, Path runDir) throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("runId", request.runId());
        line.put("attempt", request.attempt());
        line.put("params", request.params());
        line.put("runDir", runDir.toAbsolutePath().toString());
        return json.writeValueAsString(line);
    }

    /** The worker ended (or closed its stdout) while it held the run. */
    private Execution died(WorkerProcess worker, Instant startedAt) {
        spoiled = true;
        String exit = worker.exitText();
        String tail = StderrTail.of(worker.log(), stderrTailLines);
        return Execution.failed(worker.exitCode(), "the worker died during the run: " + exit
                + "; restarted for the next run (its stderr: " + worker.log() + ")", tail, startedAt);
    }

    private Execution answer(WorkerProcess worker, RunRequest request, String line, Instant startedAt) {
        JsonNode result;
        try {
            result = json.readTree(line);
        } catch (JsonProcessingException e) {
            result = null;
        }
        if (result == null || !result.isObject()) {
            return brokeProtocol(worker, "wrote a line that is not a JSON object: " + quote(line), startedAt);
        }
        String runId = result.path("runId").asText(null);
        if (!request.runId().equals(runId)) {
            return brokeProtocol(worker, "answered for run " + quote(String.valueOf(runId)) + " instead of "
                    + request.runId(), startedAt);
        }
        JsonNode error = result.get("error");
        if (error != null && !error.isNull()) {
            String text = error.isTextual() ? error.asText() : error.toString();
            return Execution.failed(null, "the worker reports: " + quote(text),
                    StderrTail.of(worker.log(), stderrTailLines), startedAt);
        }
        JsonNode outputs = result.get("outputs");
        if (outputs == null || outputs.isNull()) {
            return Execution.succeeded(null, Map.of(), startedAt);
        }
        if (!outputs.isObject()) {
            return Execution.failed(null, "the worker's outputs are not a JSON object: " + quote(outputs.toString()),
                    null, startedAt);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = outputs.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                return Execution.failed(null, "the worker's output '" + field.getKey()
                        + "' is null; leave it out or give a value", null, startedAt);
            }
            values.put(field.getKey(), json.convertValue(field.getValue(), Object.class));
        }
        return Execution.succeeded(null, values, startedAt);
    }

    private Execution brokeProtocol(WorkerProcess worker, String what, Instant startedAt) {
        spoiled = true;
        worker.kill();
        return Execution.failed(null, "the worker " + what + "; its stdout carries result lines only (write "
                + "anything else to stderr); restarted for the next run", null, startedAt);
    }

    private static String quote(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }
}
