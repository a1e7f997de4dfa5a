package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.WireCodec;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class PersistentDeliveryTest {

    private final PersistentDelivery persistent = new PersistentDelivery();

    @Test
    void aMessageWithoutRabbitMqMetadataIsSentPersistent() {
        Message<?> sent = persistent.beforeMessageSend(Message.of("report".getBytes(StandardCharsets.UTF_8)));

        assertThat(deliveryModeOf(sent)).isEqualTo(2);
    }

    @Test
    void metadataASenderSetIsKeptWithItsRoutingKey() {
        Message<byte[]> routed = Message.of(new byte[] {1}).addMetadata(
                PersistentDelivery.builder().withRoutingKey("run-requests.pool-a").build());

        Message<?> sent = persistent.beforeMessageSend(routed);

        OutgoingRabbitMQMetadata metadata = sent.getMetadata(OutgoingRabbitMQMetadata.class).orElseThrow();
        assertThat(metadata.getRoutingKey()).isEqualTo("run-requests.pool-a");
        assertThat(metadata.getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void runEventsWithTheirOwnInterceptorAreSentPersistentToo() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        RunCompleted event = new RunCompleted(1, 7, "s", "r-1", 1, 1, RunOutcome.SUCCEEDED, 0, Map.of(), null,
                "agent-1", "host", now, now);

        Message<?> sent = new EventRoutingKeyInterceptor().beforeMessageSend(Message.of(WireCodec.encode(event)));

        assertThat(deliveryModeOf(sent)).isEqualTo(2);
    }

    private static Integer deliveryModeOf(Message<?> message) {
        return message.getMetadata(OutgoingRabbitMQMetadata.class).orElseThrow().getDeliveryMode();
    }
}
