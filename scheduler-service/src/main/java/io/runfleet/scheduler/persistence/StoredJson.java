package io.runfleet.scheduler.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.scheduler.study.SamplerSection;
import io.runfleet.scheduler.study.Stage;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireCodec;
import java.util.List;
import java.util.Map;

/**
 * The JSON columns of the scheduler's tables (a run's parameters, a study's run spec and stages), written and read
 * with the wire's mapper in this one place. A column that cannot be read is a damaged row, not bad input: the
 * error names the row ({@link UnreadableRow}).
 *
 * <p>Columns are read leniently where the wire is strict: a row was written by this build or an earlier one, so a
 * field that a later version added is missing from older rows and takes its default (null, false, 0, or what the
 * record's constructor makes of null, e.g. {@code keep: all}), and a field an earlier version wrote and this one
 * dropped is ignored. A stored document must stay readable after an upgrade, while a message on the wire from a
 * sender that lacks a field is refused (docs/design.md).
 */
public final class StoredJson {

    private static final ObjectMapper STORED = WireCodec.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() { };
    private static final TypeReference<List<Stage>> STAGES = new TypeReference<>() { };

    private StoredJson() {
    }

    static String write(Object value) {
        try {
            return WireCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** A run's parameters; {@code owner} names the run in the error. */
    public static Map<String, Object> parameters(String json, String owner) {
        return read(json, PARAMETERS, owner + " has unreadable parameters");
    }

    /** A study's run spec (its first stage's). */
    public static RunSpec spec(String json, String studyId) {
        try {
            RunSpec spec = STORED.readValue(json, RunSpec.class);
            if (spec == null) {
                throw new UnreadableRow("study " + studyId + " has no spec (null)");
            }
            return spec;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRow("study " + studyId + " has an unreadable spec", e);
        }
    }

    /** A study's stages after its first; none when the column is null. */
    public static List<Stage> stages(String json, String studyId) {
        return json == null ? List.of() : read(json, STAGES, "study " + studyId + " has unreadable stages");
    }

    /** A study's validated sampler section. */
    public static SamplerSection sampler(String json, String studyId) {
        return read(json, new TypeReference<SamplerSection>() { }, "study " + studyId + " has an unreadable sampler");
    }

    private static <T> T read(String json, TypeReference<T> type, String problem) {
        try {
            return STORED.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableRow(problem, e);
        }
    }
}
