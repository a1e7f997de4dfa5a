package io.runfleet.rest.security.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every RestAssured request of a {@code @QuarkusTest} carries the admin token unless it sets its own, so tests
 * about studies and results need not think about authentication. A filter rather than a default request
 * specification: a specification would also freeze the port of the application started first. Tests about
 * authentication send their requests with the JDK client, where nothing is added behind their back.
 */
public class AdminTokenByDefault implements QuarkusTestBeforeEachCallback {

    private static final String AUTHORIZATION = "Authorization";
    private static final Filter ADMIN_TOKEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName(AUTHORIZATION)) {
            request.header(AUTHORIZATION, TestTokens.bearer(TestTokens.ADMIN));
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(ADMIN_TOKEN)) {
            RestAssured.filters(ADMIN_TOKEN);
        }
    }
}
