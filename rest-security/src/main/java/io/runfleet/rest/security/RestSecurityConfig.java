package io.runfleet.rest.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the REST API of the scheduler and the results service (docs/security.md, "HTTP (REST)").
 * Both services of one stack read the same keys, so one tokens file serves both.
 */
@ConfigMapping(prefix = "runfleet.security")
public interface RestSecurityConfig {

    /** The key that waives the refusal to serve the network without authentication. */
    String INSECURE_KEY = "runfleet.security.insecure";
    /** The key that turns REST authentication off. */
    String AUTH_ENABLED_KEY = "runfleet.security.auth.enabled";

    /**
     * {@code true} lets a service listen on an address other than loopback although authentication is
     * off: a deliberate choice for a network that is trusted as a whole. Never needed while authentication
     * is on.
     */
    @WithDefault("false")
    boolean insecure();

    /** Bearer tokens on every REST route but {@code /health}. */
    Auth auth();

    /**
     * The CurveZMQ keys under {@code runfleet.security.curve.*}: read and checked by the ZeroMQ connector (wire's
     * {@code CurveSettings}), which also serves the agent, where no mapping exists. Named here only so that this
     * mapping, which owns the {@code runfleet.security} prefix, does not refuse them as unknown.
     */
    Map<String, String> curve();

    interface Auth {

        /**
         * Whether requests must carry a bearer token. Off, every route is open to whoever reaches the port,
         * so a service then refuses to listen beyond loopback unless {@code runfleet.security.insecure=true}.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The tokens file: one token per line, {@code <name> <role>[,<role>...] <token>}. Created at first start
         * (owner-only, 0600) with one token per role when it does not exist, so a local stack sharing one data
         * directory shares its tokens. Relative paths are taken from the working directory.
         */
        @WithDefault("${runfleet.data-dir:runfleet-data}/security/rest-tokens")
        Path tokensFile();

        /**
         * One more token, holding every role, for deployments that hand secrets over as environment variables
         * ({@code RUNFLEET_SECURITY_AUTH_ADMIN_TOKEN}). At least 32 characters.
         */
        Optional<String> adminToken();
    }
}
