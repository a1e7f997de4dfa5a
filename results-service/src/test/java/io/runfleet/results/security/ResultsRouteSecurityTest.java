package io.runfleet.results.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.rest.security.testing.RouteSecurityContract;
import io.runfleet.rest.security.testing.TestTokens;
import java.util.List;

/**
 * Every results-service route, found in the application, refuses requests without the right token. Also
 * registers the test tokens for every {@code @QuarkusTest} of this module (a test resource applies to all).
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ResultsRouteSecurityTest extends RouteSecurityContract {

    @Override
    protected List<String> knownRoutes() {
        return List.of("GET /studies/{studyId}/results", "GET /studies/{studyId}/attempts",
                "GET /studies/{studyId}/events", "GET /studies/{studyId}/runs/{runId}/files/{path: .+}");
    }
}
