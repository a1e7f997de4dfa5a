package io.runfleet.rest.security.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.runfleet.wire.security.RestRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What both services promise about REST authentication, checked on every route the application declares:
 * no token or a wrong one gets 401 with a Bearer challenge, a token without the route's role gets 403, and
 * {@code /health} stays open. A subclass (a {@code @QuarkusTest}) names a few routes it knows, so that a scan
 * finding nothing cannot pass.
 */
public abstract class RouteSecurityContract {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String WRONG_TOKEN = "wrong-token-0123456789abcdefghijklmnopqrstuv";
    private static final Map<RestRole, String> TOKEN_OF = Map.of(
            RestRole.READ, TestTokens.READ, RestRole.SUBMIT, TestTokens.SUBMIT, RestRole.ADMIN, TestTokens.ADMIN);

    private List<RestRoute> routes;

    /** Routes the service is known to have, as {@code "POST /studies"}. */
    protected abstract List<String> knownRoutes();

    @BeforeEach
    void scanRoutes() {
        routes = RestRoutes.ofRunningApplication().stream()
                .filter(route -> !route.template().startsWith("/health"))
                .toList();
        System.out.println("guarded routes: " + routes);
        assertThat(routes).map(RestRoute::toString).containsAll(knownRoutes());
    }

    @Test
    void everyRouteAnswers401WithoutAToken() {
        for (RestRoute route : routes) {
            HttpResponse<String> response = send(route, null);
            assertThat(response.statusCode()).as(route + " without a token").isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(route + " challenge")
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        }
    }

    @Test
    void everyRouteAnswers401ToAWrongTokenWithoutRepeatingIt() {
        for (RestRoute route : routes) {
            HttpResponse<String> response = send(route, WRONG_TOKEN);
            assertThat(response.statusCode()).as(route + " with a wrong token").isEqualTo(401);
            assertThat(response.body()).as(route + " body").doesNotContain(WRONG_TOKEN);
            assertThat(response.headers().map().toString()).as(route + " headers").doesNotContain(WRONG_TOKEN);
        }
    }

    @Test
    void everyRouteAnswers403ToATokenWithoutItsRole() {
        for (RestRoute route : routes) {
            for (RestRole role : List.of(RestRole.READ, RestRole.SUBMIT)) {
                if (role == route.requiredRole()) {
                    continue;
                }
                HttpResponse<String> response = send(route, TOKEN_OF.get(role));
                assertThat(response.statusCode()).as(route + " with a " + role.roleName() + " token").isEqualTo(403);
            }
        }
    }

    @Test
    void healthIsOpenToProbes() {
        HttpResponse<String> response = send(new RestRoute("GET", "/health", "/health"), null);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(RestRoute route, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve(route.path()))
                .timeout(Duration.ofSeconds(30))
                .method(route.method(), route.method().equals("GET") || route.method().equals("HEAD")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(route + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(route + ": interrupted", e);
        }
    }

    /** Where Quarkus put the application under test (RestAssured is set up before each test). */
    protected static URI baseUri() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    }
}
