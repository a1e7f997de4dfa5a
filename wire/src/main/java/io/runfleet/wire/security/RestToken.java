package io.runfleet.wire.security;

import java.util.Set;

/**
 * One accepted bearer token: a name (the principal that logs and errors may show), its roles and its secret,
 * which {@link #toString()} leaves out so that no log line or error message can carry it.
 */
public record RestToken(String name, Set<RestRole> roles, String secret) {

    /** Shorter secrets are refused: 32 characters of base64 are 192 bits, beyond guessing. */
    public static final int MIN_SECRET_LENGTH = 32;

    public RestToken {
        roles = Set.copyOf(roles);
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the token '" + name + "' is " + secret.length()
                    + " characters long; a token needs at least " + MIN_SECRET_LENGTH + " (generate one with: "
                    + "head -c 32 /dev/urandom | base64)");
        }
    }

    @Override
    public String toString() {
        return "RestToken(name=" + name + ", roles=" + roles + ")";
    }
}
