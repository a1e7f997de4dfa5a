package io.runfleet.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.runfleet.rest.security.testing.TestTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Requests meant to exhaust the scheduler are refused early, from a client holding a valid token. */
@QuarkusTest
class HostileRequestsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @Test
    void aHundredMegabyteStudyIsRefusedAs413() throws Exception {
        // a raw socket: the service answers and closes while the body is still on its way, which the JDK client
        // reports as an IOException instead of the status it received
        URI base = baseUri();
        long started = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            Thread sender = new Thread(() -> sendHundredMegabyteStudy(socket, base), "100-MB-sender");
            sender.setDaemon(true);
            sender.start();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            System.out.printf("100 MB body answered '%s' in %d ms%n", statusLine,
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    private static void sendHundredMegabyteStudy(Socket socket, URI base) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /studies HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: " + TestTokens.bearer(TestTokens.ADMIN)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + HUNDRED_MB + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < HUNDRED_MB; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        } catch (IOException e) {
            // expected once the service has answered 413 and closed the connection
        }
    }

    @Test
    void aYamlAliasBombIsRefusedAs400Quickly() throws Exception {
        // nine levels of nine aliases each: 9^9 (387 million) strings once expanded, in 1 kB of text
        StringBuilder bomb = new StringBuilder("name: laughs\nparameters:\n  constants:\n"
                + "    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 8; level++) {
            String previous = "*a" + (level - 1);
            bomb.append("    a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, previous))).append("]\n");
        }
        bomb.append("  grid: {x: [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]}\n"
                + "template: {command: [echo, \"{{ x }}\"]}\n");
        // one small YAML study first, so that the time below is not the first use of the YAML reader
        HTTP.send(authorized("studies").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString("name: warm-up\n")).build(), HttpResponse.BodyHandlers.discarding());
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(authorized("studies")
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(bomb.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("alias bomb answered %d in %d ms: %s%n", response.statusCode(), millis, response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"parameters.constants.a1[0]\"").contains("YAML alias *a0");
        assertThat(millis).as("a bound far above the few ms it takes, to catch an expansion").isLessThan(10_000);
    }

    private static URI baseUri() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    }

    private static HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
    }
}
