package io.runfleet.rest.security.testing;

import io.runfleet.wire.security.RestRole;

/** One route of a service as its resource classes declare it, with a concrete path to call. */
public record RestRoute(String method, String template, String path) {

    /** The role the access policy asks for on this route. */
    public RestRole requiredRole() {
        boolean studies = path.equals("/studies") || path.startsWith("/studies/");
        if (!studies) {
            return RestRole.ADMIN;
        }
        return method.equals("GET") || method.equals("HEAD") ? RestRole.READ : RestRole.SUBMIT;
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
