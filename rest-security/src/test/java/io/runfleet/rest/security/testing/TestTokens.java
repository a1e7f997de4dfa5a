package io.runfleet.rest.security.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runfleet.wire.security.SecretFiles;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tokens of the services' {@code @QuarkusTest}s: one per role, fixed, so that tests and the application
 * (which may live in different class loaders) agree without sharing state. As a test resource it writes them
 * into a tokens file under {@code target/} and points the application at it.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "test-admin-token-0123456789abcdefghijkl";
    public static final String READ = "test-read-token-0123456789abcdefghijklmn";
    public static final String SUBMIT = "test-submit-token-0123456789abcdefghijkl";

    /** The value of an {@code Authorization} header carrying {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    @Override
    public Map<String, String> start() {
        Path file = Path.of("target", "test-security", "rest-tokens").toAbsolutePath();
        SecretFiles.writePrivate(file, "admin admin " + ADMIN + "\nread read " + READ + "\nsubmit submit " + SUBMIT + "\n");
        return Map.of("runfleet.security.auth.tokens-file", file.toString());
    }

    @Override
    public void stop() {
        // the file stays for the next test class; mvn clean removes it
    }
}
