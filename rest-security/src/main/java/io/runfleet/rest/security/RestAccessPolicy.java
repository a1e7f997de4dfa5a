package io.runfleet.rest.security;

import io.quarkus.vertx.http.security.HttpSecurity;
import io.runfleet.wire.security.RestRole;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Which role each route needs, by path and method, for both services: {@code /health} is open to probes;
 * reading anything under {@code /studies} needs read; changing anything there (submit, start, cancel, extend,
 * repeat, resume) needs submit; any other path, whatever its method, needs admin, so a route added outside
 * {@code /studies} is closed until someone decides otherwise. HTTP permissions rather than annotations on
 * each resource method: the rule holds for routes nobody annotated.
 */
@Singleton
public class RestAccessPolicy {

    private static final String[] STUDIES = {"/studies", "/studies/*"};

    void configure(@Observes HttpSecurity http, RestSecurityConfig config) {
        if (!config.auth().enabled()) {
            http.path("/*").permit();
            return;
        }
        http.path("/health", "/health/*").permit()
                .path(STUDIES).methods("GET", "HEAD").roles(RestRole.READ.roleName())
                .path(STUDIES).methods("POST", "PUT", "PATCH", "DELETE").roles(RestRole.SUBMIT.roleName())
                .path("/*").roles(RestRole.ADMIN.roleName());
    }
}
