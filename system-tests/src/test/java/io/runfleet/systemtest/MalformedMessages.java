package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runfleet.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A mix of malformed messages for the inbound channels of a transport: not JSON, an unknown schema
 * version, a required field missing, and a few just above the codec's size limit.
 */
final class MalformedMessages {

    /** An oversized message every this many per channel: a few, as each is 16 MiB. */
    private static final int OVERSIZED_EVERY = 25;
    private static final int UNKNOWN_SCHEMA_VERSION = 99;
    private static final List<MalformedKind> SMALL_KINDS = List.of(
            MalformedKind.NOT_JSON, MalformedKind.UNKNOWN_SCHEMA_VERSION, MalformedKind.MISSING_REQUIRED_FIELD);

    private MalformedMessages() {
    }

    /** {@code perTarget} messages for each target, interleaved across the targets, numbered from 0. */
    static List<MalformedMessage> mix(List<InboundTarget> targets, int perTarget) {
        List<MalformedMessage> messages = new ArrayList<>();
        for (int index = 0; index < perTarget; index++) {
            MalformedKind kind = index % OVERSIZED_EVERY == OVERSIZED_EVERY / 2
                    ? MalformedKind.OVERSIZED : SMALL_KINDS.get(index % SMALL_KINDS.size());
            for (InboundTarget target : targets) {
                int number = messages.size();
                boolean firstVariant = index / SMALL_KINDS.size() % 2 == 0;
                messages.add(new MalformedMessage(number, target, kind, payload(kind, target, number, firstVariant)));
            }
        }
        return List.copyOf(messages);
    }

    /** How many of the messages are of each kind. */
    static Map<MalformedKind, Long> countByKind(List<MalformedMessage> messages) {
        return messages.stream().collect(Collectors.groupingBy(MalformedMessage::kind, Collectors.counting()));
    }

    static Map<String, List<MalformedMessage>> byChannel(List<MalformedMessage> messages) {
        return messages.stream().collect(Collectors.groupingBy(message -> message.target().channel()));
    }

    static Map<Integer, MalformedMessage> byNumber(List<MalformedMessage> messages) {
        return messages.stream().collect(Collectors.toMap(MalformedMessage::number, Function.identity()));
    }

    /** {@code firstVariant} picks one of two texts for NOT_JSON, so that each channel gets both. */
    private static byte[] payload(MalformedKind kind, InboundTarget target, int number, boolean firstVariant) {
        String marker = "malformed-" + number;
        return switch (kind) {
            case NOT_JSON -> text(firstVariant
                    ? "this is not JSON: " + marker
                    : "<" + target.recordName() + " id=\"" + marker + "\"/>");
            case UNKNOWN_SCHEMA_VERSION -> json(marked(WireRecordSkeleton.of(target.record()), marker)
                    .put("schemaVersion", UNKNOWN_SCHEMA_VERSION));
            case MISSING_REQUIRED_FIELD -> {
                ObjectNode node = WireRecordSkeleton.of(target.record());
                if (node.remove(target.requiredField()) == null) {
                    throw new IllegalArgumentException(target.recordName() + " has no field '"
                            + target.requiredField() + "'; name one of its required fields in the target");
                }
                yield json(marked(node, marker));
            }
            case OVERSIZED -> oversized(marker);
        };
    }

    /** The marker first, so that it stays within the leading bytes that are searched for it. */
    private static ObjectNode marked(ObjectNode node, String marker) {
        ObjectNode marked = Rest.JSON.createObjectNode().put("probe", marker);
        marked.setAll(node);
        return marked;
    }

    /** A JSON object of exactly one byte more than the codec accepts. */
    private static byte[] oversized(String marker) {
        byte[] head = text("{\"schemaVersion\": 1, \"probe\": \"" + marker + "\", \"padding\": \"");
        byte[] tail = text("\"}");
        byte[] payload = new byte[WireCodec.MAX_MESSAGE_BYTES + 1];
        Arrays.fill(payload, (byte) 'x');
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(tail, 0, payload, payload.length - tail.length, tail.length);
        return payload;
    }

    private static byte[] json(ObjectNode node) {
        return text(node.toString());
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
