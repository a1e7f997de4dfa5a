package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.rest.security.testing.TestTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event streams are bounded: one over {@code sse.max-streams} is refused with 503 until another closes. */
@QuarkusTest
@TestProfile(EventStreamLimitTest.TwoStreams.class)
class EventStreamLimitTest {

    public static class TwoStreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a short keep-alive finds the client that left quickly
            return Map.of("runfleet.results.sse.max-streams", "2", "runfleet.results.sse.keep-alive", "300ms");
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @Test
    void aStreamOverTheLimitIsRefusedUntilAnotherCloses() throws Exception {
        HttpResponse<InputStream> first = open("limit-a");
        HttpResponse<InputStream> second = open("limit-b");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);

        HttpResponse<InputStream> third = open("limit-c");
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(third.body().readAllBytes(), StandardCharsets.UTF_8))
                .contains("runfleet.results.sse.max-streams");

        first.body().close();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<InputStream> again = open("limit-d");
            if (again.statusCode() == 200) {
                again.body().close();
                return true;
            }
            again.body().close();
            return false;
        });
        second.body().close();
    }

    private HttpResponse<InputStream> open(String study) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "studies/" + study + "/events"))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .header("Accept", "text/event-stream")
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }
}
