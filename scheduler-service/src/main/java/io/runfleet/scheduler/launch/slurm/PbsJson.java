package io.runfleet.scheduler.launch.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code qstat -f -F json} of PBS Pro and OpenPBS: {@code Jobs} maps each job id to its attributes, of which
 * {@code Job_Name}, {@code job_state}, {@code Exit_status} (finished jobs, with {@code -x}) and
 * {@code Resource_List.nodect} are read. A server without jobs leaves {@code Jobs} out.
 */
final class PbsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PbsJson() {
    }

    static List<QueueJob> parse(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("qstat -F json answered no JSON object: "
                    + json.substring(0, Math.min(200, json.length())));
        }
        List<QueueJob> jobs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Jobs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode job = entry.getValue();
            JsonNode exit = job.path("Exit_status");
            jobs.add(new QueueJob(entry.getKey(), job.path("Job_Name").asText(""), job.path("job_state").asText(""),
                    exit.isMissingNode() || exit.isNull() ? Optional.empty() : Optional.of(exit.asInt()),
                    job.path("Resource_List").path("nodect").asInt(0)));
        }
        return jobs;
    }
}
