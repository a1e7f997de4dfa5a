package io.runfleet.scheduler.launch.slurm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code qstat -f} text of Torque, PBS Pro and Slurm's Torque wrapper: a {@code Job Id: ID} line per job, then
 * indented {@code attribute = value} lines; PBS Pro wraps a long value onto lines that hold no {@code " = "}. Read:
 * {@code Job_Name}, {@code job_state}, {@code exit_status} (Torque) or {@code Exit_status} (PBS Pro), and
 * {@code Resource_List.nodect}.
 */
final class QstatFull {

    private static final String JOB_ID = "Job Id:";

    private QstatFull() {
    }

    static List<QueueJob> parse(String text) {
        List<QueueJob> jobs = new ArrayList<>();
        String id = null;
        Map<String, String> attributes = new HashMap<>();
        String lastKey = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith(JOB_ID)) {
                if (id != null) {
                    jobs.add(job(id, attributes));
                }
                id = line.substring(JOB_ID.length()).strip();
                attributes = new HashMap<>();
                lastKey = null;
                continue;
            }
            int equals = line.indexOf(" = ");
            if (equals > 0) {
                lastKey = line.substring(0, equals).strip();
                attributes.put(lastKey, line.substring(equals + 3).strip());
            } else if (lastKey != null && !line.isBlank()) {
                attributes.merge(lastKey, line.strip(), String::concat);
            }
        }
        if (id != null) {
            jobs.add(job(id, attributes));
        }
        return jobs;
    }

    private static QueueJob job(String id, Map<String, String> attributes) {
        String exit = attributes.getOrDefault("exit_status", attributes.get("Exit_status"));
        return new QueueJob(id, attributes.getOrDefault("Job_Name", ""), attributes.getOrDefault("job_state", ""),
                number(exit), number(attributes.get("Resource_List.nodect")).orElse(0));
    }

    private static Optional<Integer> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
