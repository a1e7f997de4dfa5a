package io.runfleet.results.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.StepRecord;
import io.runfleet.wire.WireCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters and outputs are stored as JSON text (portable between PostgreSQL and H2) in the wire's
 * own JSON dialect, so that numbers read back as numbers and key order is kept.
 */
public final class JsonColumns {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<StepRecord>> STEPS = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static String write(Map<String, Object> values) {
        try {
            return WireCodec.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + values, e);
        }
    }

    /** The kept files of an attempt as JSON text; null stays null. */
    public static String writeKept(KeptFiles kept) {
        if (kept == null) {
            return null;
        }
        try {
            return WireCodec.mapper().writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write kept files as JSON: " + kept, e);
        }
    }

    public static KeptFiles readKept(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return WireCodec.mapper().readValue(json, KeptFiles.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored kept_files column is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** The step records of an attempt as JSON text; none (the short form) is null. */
    public static String writeSteps(List<StepRecord> steps) {
        if (steps == null || steps.isEmpty()) {
            return null;
        }
        try {
            return WireCodec.mapper().writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write step records as JSON: " + steps, e);
        }
    }

    public static List<StepRecord> readSteps(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return WireCodec.mapper().readValue(json, STEPS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored steps column is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> read(String json) {
        if (json == null || json.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return WireCodec.mapper().readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
