package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.messaging.PoolMetadata;
import io.runfleet.wire.rabbitmq.PoolQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The duplicate-delivery fault sends each request twice when on, and changes nothing when off (the default). What
 * the transport does with each request's message (acknowledged: it took the request; refused) reaches
 * {@link RequestHandOvers}, where the claim lease starts.
 */
class RunRequestPublisherTest {

    /** Pools as over ZeroMQ: the metadata alone, no broker. */
    private static final PoolQueues ZEROMQ_POOLS = new PoolQueues(false, null, null);

    @Test
    void eachRequestIsSentOnceByDefault() {
        RecordingEmitter emitter = new RecordingEmitter();

        new RunRequestPublisher(emitter, new RequestHandOvers(Duration.ofMinutes(10)), new RequestBuffer(10), ZEROMQ_POOLS, () -> false).publish(List.of(request("r1"), request("r2")));

        assertThat(emitter.runIds()).containsExactly("r1", "r2");
    }

    @Test
    void withTheDuplicateFaultEachRequestIsSentTwiceAsTheSameAttempt() {
        RecordingEmitter emitter = new RecordingEmitter();

        new RunRequestPublisher(emitter, new RequestHandOvers(Duration.ofMinutes(10)), new RequestBuffer(10), ZEROMQ_POOLS, () -> true).publish(List.of(request("r1"), request("r2")));

        assertThat(emitter.runIds()).containsExactly("r1", "r1", "r2", "r2");
        assertThat(emitter.sent).extracting(bytes -> WireCodec.decode(bytes, RunRequest.class).attempt())
                .containsOnly(3);
    }

    @Test
    void aRequestCountsAsHandedOverOnlyOnceTheTransportAcknowledgesIt() {
        RecordingEmitter emitter = new RecordingEmitter();
        RequestHandOvers handOvers = new RequestHandOvers(Duration.ofMinutes(10));

        new RunRequestPublisher(emitter, handOvers, new RequestBuffer(10), ZEROMQ_POOLS, () -> false).publish(List.of(request("r1"), request("r2")));
        assertThat(handOvers.drain()).as("news before the transport settled anything").isEmpty();

        emitter.messages.get(1).ack().toCompletableFuture().join();
        emitter.messages.get(0).nack(new IllegalStateException("transport closed")).toCompletableFuture().join();
        List<RequestHandOvers.HandOver> news = handOvers.drain();
        assertThat(news).extracting(handOver -> handOver.ref().runId()).containsExactly("r2", "r1");
        assertThat(news).extracting(RequestHandOvers.HandOver::taken).containsExactly(true, false);
        assertThat(news.get(1).refusal()).isEqualTo("transport closed");
    }

    @Test
    void aRequestHoldsItsPlaceInTheBufferUntilTheTransportSettlesIt() {
        RecordingEmitter emitter = new RecordingEmitter();
        RequestBuffer buffer = new RequestBuffer(3);

        new RunRequestPublisher(emitter, new RequestHandOvers(Duration.ofMinutes(10)), buffer, ZEROMQ_POOLS, () -> false)
                .publish(List.of(request("r1"), request("r2")));
        assertThat(buffer.room()).isEqualTo(1);

        emitter.messages.get(0).ack().toCompletableFuture().join();
        emitter.messages.get(1).nack(new IllegalStateException("transport closed")).toCompletableFuture().join();
        assertThat(buffer.room()).as("acknowledged and refused requests leave the buffer").isEqualTo(3);
    }

    @Test
    void aDuplicatedRequestLeavesTheBufferOnceBothCopiesAreSettled() {
        RecordingEmitter emitter = new RecordingEmitter();
        RequestBuffer buffer = new RequestBuffer(3);

        new RunRequestPublisher(emitter, new RequestHandOvers(Duration.ofMinutes(10)), buffer, ZEROMQ_POOLS, () -> true)
                .publish(List.of(request("r1")));
        emitter.messages.get(0).ack().toCompletableFuture().join();
        assertThat(buffer.room()).isEqualTo(2);
        emitter.messages.get(1).ack().toCompletableFuture().join();
        assertThat(buffer.room()).isEqualTo(3);
    }

    @Test
    void aRequestOfAPoolTellsTheTransportItsPoolAndOneWithoutTellsNone() {
        RecordingEmitter emitter = new RecordingEmitter();
        RunRequest plain = request("r1");
        RunRequest pooled = new RunRequest(plain.schemaVersion(), plain.studyId(), "r2", 1, 3, Map.of(),
                plain.paramHash(), plain.spec(), 1000, null, null, "study-s1");

        new RunRequestPublisher(emitter, new RequestHandOvers(Duration.ofMinutes(10)), new RequestBuffer(10),
                ZEROMQ_POOLS, () -> false).publish(List.of(plain, pooled));

        assertThat(emitter.messages.get(0).getMetadata(PoolMetadata.class)).isEmpty();
        assertThat(emitter.messages.get(1).getMetadata(PoolMetadata.class)).contains(new PoolMetadata("study-s1"));
        assertThat(WireCodec.decode(emitter.sent.get(1), RunRequest.class).pool()).isEqualTo("study-s1");
    }

    @Test
    void aBufferOfNoRequestsIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new RequestBuffer(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runfleet.scheduler.request-buffer");
    }

    @Test
    void aRoundStartsWithTheStudyTheBufferRanOutOn() {
        assertThat(Dispatcher.startingWith(List.of("a", "b", "c"), "b")).containsExactly("b", "c", "a");
        assertThat(Dispatcher.startingWith(List.of("a", "b", "c"), "gone")).containsExactly("a", "b", "c");
        assertThat(Dispatcher.startingWith(List.of("a", "b", "c"), null)).containsExactly("a", "b", "c");
    }

    private static RunRequest request(String runId) {
        RunSpec spec = new RunSpec(List.of(), false, "noop", Map.of(), Map.of(), 0, List.of(), "all");
        return new RunRequest(WireMessage.SCHEMA_VERSION, "s1", runId, 0, 3, Map.of(), ParamHash.of(Map.of()), spec,
                1000, null, null);
    }

    private static final class RecordingEmitter implements Emitter<byte[]> {

        final List<byte[]> sent = new ArrayList<>();
        final List<Message<? extends byte[]>> messages = new ArrayList<>();

        List<String> runIds() {
            return sent.stream().map(bytes -> WireCodec.decode(bytes, RunRequest.class).runId()).toList();
        }

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            sent.add(payload);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            sent.add(message.getPayload());
            messages.add(message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
