package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.rest.security.testing.TestTokens;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    Database database;

    @TestHTTPResource("/")
    URL base;

    @Test
    void resumesAfterLastEventIdWhichIsTheStudySeqWithStoredThenLiveEventsWithoutDuplicates() throws Exception {
        String study = "events-" + UUID.randomUUID();
        String otherStudy = "events-other-" + UUID.randomUUID();
        for (int seq = 1; seq <= 3; seq++) {
            store(TestResults.succeeded(study, study + "-run-" + seq, seq, 1, Map.of("seq", seq), Map.of()));
        }
        List<Long> stored = database.eventIds(study);
        assertThat(stored).hasSize(3);

        HttpRequest resume = HttpRequest.newBuilder(URI.create(base + "studies/" + study + "/events"))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "1")
                .build();
        try (SseCollector events = SseCollector.open(resume)) {
            await().atMost(PATIENCE).until(() -> events.events().size() >= 2);

            store(TestResults.succeeded(otherStudy, otherStudy + "-run", 1, 1, Map.of(), Map.of()));
            store(TestResults.succeeded(study, study + "-run-4", 4, 1, Map.of("seq", 4), Map.of("y", 16)));
            List<Long> all = database.eventIds(study);

            await().atMost(PATIENCE).until(() -> events.events().size() >= 3);
            // Give a duplicate the chance to show up before checking that none did.
            store(TestResults.succeeded(study, study + "-run-5", 5, 1, Map.of("seq", 5), Map.of()));
            await().atMost(PATIENCE).until(() -> events.events().size() >= 4);

            assertThat(events.events()).extracting(SseCollector.Event::id).containsExactly(2L, 3L, 4L, 5L);
            assertThat(events.events()).extracting(SseCollector.Event::name).containsOnly("run-completed");
            RunCompleted live = WireCodec.decode(events.events().get(2).data().getBytes(StandardCharsets.UTF_8),
                    RunCompleted.class);
            assertThat(live.eventId()).isEqualTo(all.get(3));
            assertThat(live.studySeq()).isEqualTo(4);
            assertThat(live.runId()).isEqualTo(study + "-run-4");
            assertThat(live.outputs()).containsEntry("y", 16);
        }
    }

    @Test
    void afterQueryParameterReplaysFromTheGivenStudySeq() throws Exception {
        String study = "events-after-" + UUID.randomUUID();
        store(TestResults.succeeded(study, study + "-run-1", 1, 1, Map.of(), Map.of()));
        store(TestResults.succeeded(study, study + "-run-2", 2, 1, Map.of(), Map.of()));
        List<Long> stored = database.eventIds(study);

        HttpRequest request = HttpRequest.newBuilder(
                URI.create(base + "studies/" + study + "/events?after=2"))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).build();
        try (SseCollector events = SseCollector.open(request)) {
            store(TestResults.succeeded(study, study + "-run-3", 3, 1, Map.of(), Map.of()));
            await().atMost(PATIENCE).until(() -> !events.events().isEmpty());
            assertThat(events.events()).extracting(SseCollector.Event::id).containsExactly(3L);
        }
    }

    @Test
    void refusesALastEventIdThatIsNotANumber() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "studies/s/events"))
                        .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                        .header("Last-Event-ID", "yesterday").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Last-Event-ID");
    }

    private void store(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        await().atMost(PATIENCE).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.ACKED);
    }

    /** Reads a server-sent event stream on a thread of its own and keeps the events it parsed. */
    static final class SseCollector implements AutoCloseable {

        record Event(long id, String name, String data) {
        }

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile InputStream body;

        private SseCollector(HttpRequest request) {
            reader = new Thread(() -> read(request), "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static SseCollector open(HttpRequest request) {
            return new SseCollector(request);
        }

        List<Event> events() {
            return events;
        }

        private void read(HttpRequest request) {
            try {
                HttpResponse<InputStream> response = HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (id != null) {
                            events.add(new Event(Long.parseLong(id), name, data.toString()));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (IOException e) {
                // the test closed the stream
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws Exception {
            InputStream stream = body;
            if (stream != null) {
                stream.close();
            }
            reader.interrupt();
        }
    }
}
