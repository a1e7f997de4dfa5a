package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Launch;
import java.util.LinkedHashMap;
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
        return StoredJson.write(fields);
    }

    /** The launcher kind that serves it: the section's key, {@code local} or {@code containers}. */
    static String kind(Launch launch) {
        return launch instanceof Launch.Containers ? "containers" : "local";
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
        throw new UnreadableRow("study " + studyId + " has a launch section of unknown kind '" + kind + "'");
    }
}
