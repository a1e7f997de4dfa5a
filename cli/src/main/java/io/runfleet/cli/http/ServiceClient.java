package io.runfleet.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A service's REST API, as JSON or text; failures become {@link CliException}s that say what to do. */
public final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final String serviceName;
    private final URI baseUrl;
    private final ApiToken token;
    private final HttpClient http;

    public ServiceClient(String serviceName, URI baseUrl, ApiToken token) {
        this.serviceName = serviceName;
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public ApiToken token() {
        return token;
    }

    public JsonNode getJson(String path) {
        return parse(send(request(path).header("Accept", "application/json").GET().build()));
    }

    public String getText(String path, String accept) {
        return send(request(path).header("Accept", accept).GET().build());
    }

    public JsonNode postJson(String path, String contentType, String body) {
        return parse(send(request(path)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build()));
    }

    /** Like {@link #postJson(String, String, String)}, with extra request headers. */
    public JsonNode postJson(String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", contentType)
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        return parse(send(builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build()));
    }

    public JsonNode post(String path) {
        return parse(send(request(path).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    /** True when {@code GET path} answers 200; false when refused or any other answer (used to await start-up). */
    public boolean answersOk(String path) {
        try {
            HttpResponse<Void> response = http.send(request(path).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        String base = baseUrl.toString();
        String joined = base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path;
        try {
            return token.authorize(HttpRequest.newBuilder(URI.create(joined)).timeout(REQUEST_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new CliException("the " + serviceName + " URL '" + baseUrl + "' is not a valid URL; give one such as "
                    + "http://localhost:8080", ExitCodes.USAGE, e);
        }
    }

    /**
     * {@code GET path} as JSON, or empty when the service answers one of {@code absentStatuses}: for a resource that
     * some studies do not have (404) or not in their state (409), which is no error to the caller.
     */
    public Optional<JsonNode> getJsonUnless(String path, Set<Integer> absentStatuses) {
        HttpResponse<String> response = exchange(request(path).header("Accept", "application/json").GET().build());
        if (absentStatuses.contains(response.statusCode())) {
            return Optional.empty();
        }
        return Optional.of(parse(checked(response)));
    }

    private String send(HttpRequest request) {
        return checked(exchange(request));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new CliException("the " + serviceName + " at " + baseUrl + " broke off the exchange ("
                    + e.getMessage() + "); try again", ExitCodes.UNREACHABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the " + serviceName, ExitCodes.FAILED, e);
        }
    }

    private String checked(HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new CliException(token.refusal(serviceName, response.statusCode()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new CliException(ErrorBodies.describe(serviceName, response.statusCode(), response.body()));
        }
        return response.body();
    }

    private CliException unreachable(Exception cause) {
        return new CliException("cannot reach the " + serviceName + " at " + baseUrl + ": is it running?",
                ExitCodes.UNREACHABLE, cause);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("the " + serviceName + " at " + baseUrl + " answered with something that is not JSON: "
                    + ErrorBodies.abbreviate(body));
        }
    }
}
