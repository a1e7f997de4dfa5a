package io.runfleet.wire.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive on a channel, {@link WireCodec#decode} gives a message a consumer can use, or a
 * {@link MalformedMessageException} whose reason names the record and, for a bad field, the field: the consumer
 * nacks or dead-letters with that reason and goes on. Any other exception (a NullPointerException, a
 * ClassCastException, a StackOverflowError) would reach the transport instead, and no reason would say why.
 */
class WireCodecFuzzTest {

    @Property(tries = 1000)
    void randomBytesAreReadOrRefusedAsMalformed(@ForAll @Size(max = 300) byte[] bytes,
                                                @ForAll("types") Class<? extends WireMessage> type) {
        readOrRefused(bytes, type);
    }

    @Property(tries = 500)
    void randomJsonObjectsAreReadOrRefusedAsMalformed(@ForAll("objects") JsonNode object,
                                                     @ForAll("types") Class<? extends WireMessage> type) {
        readOrRefused(object.toString().getBytes(StandardCharsets.UTF_8), type);
    }

    /** The generator's messages are valid, so that the mutations below start from a message that is read. */
    @Property(tries = 200)
    void everyValidMessageIsReadAsItWasWritten(@ForAll("messages") WireMessage message) {
        assertThat(WireCodec.decode(WireCodec.encode(message), message.getClass())).isEqualTo(message);
    }

    @Property(tries = 1000)
    void mutatedMessagesAreReadOrRefusedNamingTheField(@ForAll("messages") WireMessage message,
                                                       @ForAll("mutations") EncodingMutation mutation) {
        EncodingMutation.Mutated mutated = mutation.apply(WireCodec.encode(message));

        Optional<String> refusal = readOrRefused(mutated.bytes(), message.getClass());

        String field = mutated.topLevelField();
        if (refusal.isPresent() && field != null && isComponent(message, field)) {
            assertThat(refusal.get()).as("the reason names the field the mutation touched").contains(field);
        }
    }

    @Provide
    Arbitrary<Class<? extends WireMessage>> types() {
        return Arbitraries.of(ValidWireMessages.TYPES);
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return Arbitraries.maps(Arbitraries.of(JsonValues.FIELD_NAMES), JsonValues.any()).ofMaxSize(8)
                .map(fields -> EncodingMutation.JSON.createObjectNode().setAll(fields));
    }

    @Provide
    Arbitrary<WireMessage> messages() {
        return ValidWireMessages.any();
    }

    @Provide
    Arbitrary<EncodingMutation> mutations() {
        return EncodingMutations.any();
    }

    /** The message as decoded, after checking it is usable; empty when refused, with the reason checked. */
    private static Optional<String> readOrRefused(byte[] bytes, Class<? extends WireMessage> type) {
        WireMessage message;
        try {
            message = WireCodec.decode(bytes, type);
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).as("a reason fit for one log line and one header, naming the record")
                    .isNotBlank().doesNotContain("\n").contains(type.getSimpleName());
            return Optional.of(e.getMessage());
        }
        assertUsable(message, type);
        return Optional.empty();
    }

    /**
     * A consumer relies on: the type asked for, a schema version it reads, the identity fields present (in the
     * run references too) and a message that is written and read again unchanged.
     */
    private static void assertUsable(WireMessage message, Class<? extends WireMessage> type) {
        assertThat(message).isInstanceOf(type);
        assertThat(message.schemaVersion()).isBetween(1, WireMessage.SCHEMA_VERSION);
        for (RecordComponent component : type.getRecordComponents()) {
            Object value = valueOf(component, message);
            if (List.of("studyId", "runId", "kind", "agentId", "outcome", "spec").contains(component.getName())) {
                assertThat(value).as(component.getName()).isNotNull();
            }
            if (value instanceof List<?> list) {
                list.stream().filter(RunRef.class::isInstance).map(RunRef.class::cast)
                        .forEach(ref -> assertThat(ref.runId()).as("runId of a run in " + component.getName())
                                .isNotNull());
            }
        }
        assertThat(WireCodec.decode(WireCodec.encode(message), type)).isEqualTo(message);
    }

    private static boolean isComponent(WireMessage message, String name) {
        for (RecordComponent component : message.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Object valueOf(RecordComponent component, WireMessage message) {
        try {
            return component.getAccessor().invoke(message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
