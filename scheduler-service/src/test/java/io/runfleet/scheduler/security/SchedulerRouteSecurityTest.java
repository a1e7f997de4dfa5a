package io.runfleet.scheduler.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.rest.security.testing.RouteSecurityContract;
import io.runfleet.rest.security.testing.TestTokens;
import java.util.List;

/**
 * Every scheduler route, found in the application, refuses requests without the right token. Also registers
 * the test tokens for every {@code @QuarkusTest} of this module (a test resource applies to all of them).
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class SchedulerRouteSecurityTest extends RouteSecurityContract {

    @Override
    protected List<String> knownRoutes() {
        return List.of("POST /studies", "GET /studies", "GET /studies/{id}", "POST /studies/{id}/cancel",
                "POST /studies/{id}/extend", "GET /studies/{id}/runs/{seq}/rendered");
    }
}
