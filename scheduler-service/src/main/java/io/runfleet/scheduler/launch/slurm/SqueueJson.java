package io.runfleet.scheduler.launch.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code squeue --json} (Slurm 22.05, openapi 0.0.38): {@code jobs[]} with {@code job_id}, {@code name},
 * {@code job_state} (a string), {@code comment}, {@code node_count}, {@code start_time}, {@code end_time}. Later
 * versions turn some of these into objects or lists; the first element or {@code number} is read then. An array's
 * tasks: each started one is an entry of its own ({@code array_job_id}, {@code array_task_id}); the waiting ones are
 * one entry whose {@code array_task_string} lists them ({@code 2-9%2}: tasks 2 to 9, two at once).
 */
final class SqueueJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SqueueJson() {
    }

    static List<SlurmJob> parse(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        JsonNode jobs = root.path("jobs");
        if (!jobs.isArray()) {
            throw new IOException("squeue --json answered without a jobs list: "
                    + json.substring(0, Math.min(200, json.length())));
        }
        List<SlurmJob> parsed = new ArrayList<>();
        for (JsonNode job : jobs) {
            parsed.add(new SlurmJob(scalar(job.path("job_id")), scalar(job.path("name")),
                    scalar(job.path("job_state")), scalar(job.path("comment")),
                    (int) number(job.path("node_count")), number(job.path("start_time")),
                    number(job.path("end_time")), arrayJob(job), arrayTasks(job)));
        }
        return parsed;
    }

    private static String arrayJob(JsonNode job) {
        long id = number(job.path("array_job_id"));
        return id > 0 ? Long.toString(id) : "";
    }

    private static String arrayTasks(JsonNode job) {
        String waiting = scalar(job.path("array_task_string")).split("%", 2)[0];
        if (!waiting.isEmpty() || arrayJob(job).isEmpty()) {
            return waiting;
        }
        return scalar(job.path("array_task_id"));
    }

    private static JsonNode first(JsonNode node) {
        return node.isArray() && !node.isEmpty() ? node.get(0) : node;
    }

    private static String scalar(JsonNode node) {
        JsonNode value = first(node);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private static long number(JsonNode node) {
        JsonNode value = first(node);
        if (value.isObject()) {
            value = value.path("number");
        }
        return value.asLong(0);
    }
}
