package io.runfleet.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of the wire records. Decoding is strict where a misread would be silent: a missing
 * required field, an unsupported schema version or an oversized payload is a
 * {@link MalformedMessageException}; unknown fields are ignored so that newer writers stay readable.
 */
public final class WireCodec {

    /** Messages larger than this are refused unread: a run request with its template files fits easily. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // after JavaTimeModule, so that these take Instant over; they write and read the same text
            .addModule(new SimpleModule("UtcInstants")
                    .addSerializer(Instant.class, new UtcInstantSerializer())
                    .addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();

    private WireCodec() {
    }

    /** The mapper the wire uses, for code that must write the same JSON (hashes, REST bodies). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(WireMessage message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static <T extends WireMessage> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedMessageException("empty " + type.getSimpleName());
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException(type.getSimpleName() + " of " + bytes.length
                    + " bytes exceeds the limit of " + MAX_MESSAGE_BYTES);
        }
        T message;
        try {
            message = MAPPER.readValue(bytes, type);
        } catch (JsonMappingException e) {
            throw unreadable(type, FieldPath.of(e), e);
        } catch (StreamReadException e) {
            throw unreadable(type, FieldPath.of(e), e);
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable " + type.getSimpleName() + ": "
                    + firstLine(e.getMessage()), e);
        }
        if (message == null) {
            throw new MalformedMessageException("null " + type.getSimpleName());
        }
        if (message.schemaVersion() < 1 || message.schemaVersion() > WireMessage.SCHEMA_VERSION) {
            throw new MalformedMessageException(type.getSimpleName() + " has schema version "
                    + message.schemaVersion() + " (field 'schemaVersion'); this build reads 1 to "
                    + WireMessage.SCHEMA_VERSION);
        }
        requireReferenceFields(message);
        requireIdentifiers(message);
        requirePool(message);
        requireFiniteNumbers(message);
        return message;
    }

    /** A pool names a queue and is matched by agents: one that could be neither is refused where it comes in. */
    private static void requirePool(WireMessage message) {
        if (message instanceof RunRequest request && request.pool() != null) {
            String problem = Pools.problem("field 'pool'", request.pool());
            if (problem != null) {
                throw new MalformedMessageException("RunRequest " + problem);
            }
        }
    }

    /**
     * Identifiers longer than {@link Identifiers#MAX_LENGTH} would be refused by a database further on, on every
     * resend; here, where the message comes in, the sender is told once which field to shorten.
     */
    private static void requireIdentifiers(WireMessage message) {
        for (CheckedFields.Field field : CheckedFields.of(message.getClass()).identifiers()) {
            if (field.valueIn(message) instanceof String value) {
                requireIdentifier(message, field.name(), value);
            }
        }
        List<RunRef> runs = runRefs(message);
        for (int i = 0; i < runs.size(); i++) {
            requireIdentifier(message, "runs[" + i + "].runId", runs.get(i).runId());
        }
    }

    private static void requireIdentifier(WireMessage message, String field, String value) {
        String problem = Identifiers.problem("field '" + field + "'", value);
        if (problem != null) {
            throw new MalformedMessageException(message.getClass().getSimpleName() + " " + problem);
        }
    }

    private static List<RunRef> runRefs(WireMessage message) {
        return message instanceof AgentReport report ? report.runs()
                : message instanceof CancelRuns cancel ? cancel.runs() : List.of();
    }

    /**
     * JSON numbers past the range of a double (1e400) are read as Infinity, which JSON cannot hold: the next writer
     * would send the text "Infinity" in its place. Refused here, where the sender can still be told.
     */
    private static void requireFiniteNumbers(WireMessage message) {
        if (message instanceof RunRequest request) {
            requireFinite(message, "params", request.params());
        } else if (message instanceof RunResult result) {
            requireFinite(message, "params", result.params());
            requireFinite(message, "outputs", result.outputs());
        } else if (message instanceof RunCompleted completed) {
            requireFinite(message, "outputs", completed.outputs());
        }
    }

    /**
     * Walks the value with a stack of its own, not by recursion: a payload may nest as deep as the parser allows,
     * which a recursive walk turns into a StackOverflowError. The path of a value is put together only for the
     * reason of a refusal.
     */
    private static void requireFinite(WireMessage message, String field, Object value) {
        Deque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(value, null, field));
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            if (visit.value() instanceof Map<?, ?> map) {
                map.forEach((key, inner) -> pending.push(new Visit(inner, visit, "." + key)));
            } else if (visit.value() instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    pending.push(new Visit(list.get(i), visit, "[" + i + "]"));
                }
            } else if (visit.value() instanceof Double number && !Double.isFinite(number)) {
                throw new MalformedMessageException(message.getClass().getSimpleName() + " field '" + visit.path()
                        + "' holds a number beyond the range of a double; send it as a string");
            }
        }
    }

    /** One value met on the walk, with how it was reached from its parent ({@code .key} or {@code [i]}). */
    private record Visit(Object value, Visit parent, String step) {

        String path() {
            StringBuilder path = new StringBuilder();
            for (Visit at = this; at != null; at = at.parent()) {
                path.insert(0, at.step());
            }
            return path.toString();
        }
    }

    /**
     * Jackson's own message leaves the field to a second line ("through reference chain"), which a one-line reason
     * drops; the reason names it up front instead, so that a dead-lettered message says which field to mend.
     */
    private static MalformedMessageException unreadable(Class<?> type, String field, JsonProcessingException e) {
        return new MalformedMessageException("unreadable " + type.getSimpleName()
                + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + firstLine(e.getOriginalMessage()), e);
    }

    /** Identity fields (ids, kinds, outcomes) must be present: a message without them cannot be routed. */
    private static void requireReferenceFields(WireMessage message) {
        for (CheckedFields.Field field : CheckedFields.of(message.getClass()).required()) {
            if (field.valueIn(message) == null) {
                throw new MalformedMessageException(message.getClass().getSimpleName()
                        + " lacks required field '" + field.name() + "'");
            }
        }
        requireRunIds(message);
    }

    /** A run reference names the run a report or a cancel is about: one without its id matches no run. */
    private static void requireRunIds(WireMessage message) {
        List<RunRef> runs = runRefs(message);
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).runId() == null) {
                throw new MalformedMessageException(message.getClass().getSimpleName() + " lacks required field "
                        + "'runs[" + i + "].runId'");
            }
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
