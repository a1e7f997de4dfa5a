package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.wire.security.RestRole;
import io.runfleet.wire.security.RestTokensFile;
import io.runfleet.wire.security.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A small HTTP client for one service's REST API, reading JSON with Jackson. It sends the admin token of the
 * stack's tokens file, which the services write at their first start: read when the first request goes out.
 */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1: the client's default upgrades to HTTP/2 and keeps that one connection for later requests, and a
     * service killed and started again on the same port (restart tests) leaves it dead: the next request failed with
     * "EOF reached while reading". An HTTP/1.1 connection found closed is replaced, and an idempotent request retried.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Path tokensFile;
    private volatile String token;

    /** {@code tokensFile}: {@code <data-dir>/security/rest-tokens} of the services this client talks to. */
    Rest(String baseUrl, Path tokensFile) {
        this.baseUrl = baseUrl;
        this.tokensFile = tokensFile;
    }

    /** A client that sends {@code token}, e.g. the admin token a deployment hands to the services. */
    static Rest withToken(String baseUrl, String token) {
        Rest rest = new Rest(baseUrl, null);
        rest.token = token;
        return rest;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** A status and a body; {@link #json()} parses the body. */
    record Response(String method, String url, int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(method + " " + url + " answered " + status
                        + " with a body that is not JSON: " + body, e);
            }
        }

        /** The JSON body, after checking the status; the message shows the body, which usually says why. */
        JsonNode expect(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError(method + " " + url + " answered " + status + " instead of "
                        + expectedStatus + ": " + body);
            }
            return json();
        }

        String expectText(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError(method + " " + url + " answered " + status + " instead of "
                        + expectedStatus + ": " + body);
            }
            return body;
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response postJson(String path, Object body) {
        try {
            return post(path, "application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private String token() {
        if (token == null) {
            token = RestTokensFile.parse(SecretFiles.read(tokensFile), tokensFile).stream()
                    .filter(candidate -> candidate.roles().contains(RestRole.ADMIN))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no admin token in " + tokensFile))
                    .secret();
        }
        return token;
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).header("Accept", "application/json, text/csv, */*")
                .header("Authorization", "Bearer " + token())
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(request.method(), request.uri().toString(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
