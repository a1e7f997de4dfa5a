package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Launch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A study's launch section in its {@code launch} column: {@code {"kind": "local", "agents": 2, "slots": 1}}, or
 * kind {@code containers} with image, cpus, memory and engine. Written by kind, not by Java type, so that the column
 * stays readable when the records change.
 */
final class LaunchJson {

    private LaunchJson() {
    }

    static String write(Launch launch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("agents", launch.agents());
        fields.put("slots", launch.slots());
        fields.put("kind", kind(launch));
        if (launch instanceof Launch.Containers containers) {
            fields.put("image", containers.image());
            containers.cpus().ifPresent(cpus -> fields.put("cpus", cpus));
            containers.memory().ifPresent(memory -> fields.put("memory", memory));
            containers.engine().ifPresent(engine -> fields.put("engine", engine));
        }
        if (launch instanceof Launch.Slurm slurm) {
            slurm.partition().ifPresent(value -> fields.put("partition", value));
            slurm.account().ifPresent(value -> fields.put("account", value));
            slurm.qos().ifPresent(value -> fields.put("qos", value));
            fields.put("walltimeMillis", slurm.walltime().toMillis());
            fields.put("maxNodesPerAllocation", slurm.maxNodesPerAllocation());
            fields.put("agentsPerNode", slurm.agentsPerNode());
            fields.put("cpusPerAgent", slurm.cpusPerAgent());
            fields.put("threadsPerRun", slurm.threadsPerRun());
            fields.put("maxAllocations", slurm.maxAllocations());
            fields.put("maxPendingAllocations", slurm.maxPendingAllocations());
            fields.put("idleTimeoutMillis", slurm.idleTimeout().toMillis());
            fields.put("drainMarginMillis", slurm.drainMargin().toMillis());
            fields.put("setup", slurm.setup());
            fields.put("submitArgs", slurm.submitArgs());
            fields.put("system", slurm.system());
            fields.put("mode", slurm.mode().name().toLowerCase(Locale.ROOT));
            fields.put("arrayThrottle", slurm.arrayThrottle());
            slurm.scriptTemplate().ifPresent(value -> fields.put("scriptTemplate", value));
            slurm.pool().ifPresent(value -> fields.put("pool", value));
        }
        return StoredJson.write(fields);
    }

    /** The launcher kind that serves it: the section's key, {@code local} or {@code containers}. */
    static String kind(Launch launch) {
        return launch instanceof Launch.Containers ? "containers" : launch instanceof Launch.Slurm ? "slurm" : "local";
    }

    static Optional<Launch> read(String json, String studyId) {
        if (json == null) {
            return Optional.empty();
        }
        Map<String, Object> fields = StoredJson.parameters(json, "the launch section of study " + studyId);
        int agents = ((Number) fields.get("agents")).intValue();
        int slots = ((Number) fields.get("slots")).intValue();
        Object kind = fields.get("kind");
        if ("local".equals(kind)) {
            return Optional.of(new Launch.Local(agents, slots));
        }
        if ("containers".equals(kind)) {
            return Optional.of(new Launch.Containers((String) fields.get("image"), agents, slots,
                    Optional.ofNullable((Number) fields.get("cpus")).map(Number::doubleValue),
                    Optional.ofNullable((String) fields.get("memory")), Optional.ofNullable((String) fields.get("engine"))));
        }
        if ("slurm".equals(kind)) {
            return Optional.of(slurm(fields));
        }
        throw new UnreadableRow("study " + studyId + " has a launch section of unknown kind '" + kind + "'");
    }

    @SuppressWarnings("unchecked")
    private static Launch.Slurm slurm(Map<String, Object> fields) {
        return new Launch.Slurm(Optional.ofNullable((String) fields.get("partition")),
                Optional.ofNullable((String) fields.get("account")), Optional.ofNullable((String) fields.get("qos")),
                millis(fields, "walltimeMillis"), number(fields, "maxNodesPerAllocation"),
                number(fields, "agentsPerNode"), number(fields, "cpusPerAgent"), number(fields, "threadsPerRun"),
                number(fields, "maxAllocations"), number(fields, "maxPendingAllocations"),
                millis(fields, "idleTimeoutMillis"), millis(fields, "drainMarginMillis"),
                (List<String>) fields.get("setup"), (List<String>) fields.get("submitArgs"),
                // Sections stored before presets, array mode, templates and pools were known have none of them.
                (String) fields.getOrDefault("system", Launch.Slurm.DEFAULT_SYSTEM),
                Launch.Slurm.Mode.valueOf(((String) fields.getOrDefault("mode", "agents")).toUpperCase(Locale.ROOT)),
                ((Number) fields.getOrDefault("arrayThrottle", 0)).intValue(),
                Optional.ofNullable((String) fields.get("scriptTemplate")), Optional.ofNullable((String) fields.get("pool")));
    }

    private static int number(Map<String, Object> fields, String key) {
        return ((Number) fields.get(key)).intValue();
    }

    private static Duration millis(Map<String, Object> fields, String key) {
        return Duration.ofMillis(((Number) fields.get(key)).longValue());
    }
}
