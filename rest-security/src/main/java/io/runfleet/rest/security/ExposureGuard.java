package io.runfleet.rest.security;

import io.quarkus.runtime.StartupEvent;
import io.runfleet.wire.security.Loopback;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service that would serve its REST API to the network with authentication off. On
 * loopback (the default, {@code quarkus.http.host=127.0.0.1}) only users of this machine reach the port;
 * anywhere else tokens are required unless {@code runfleet.security.insecure=true} waives them on purpose.
 */
@Singleton
public class ExposureGuard {

    private static final Logger LOG = Logger.getLogger(ExposureGuard.class);

    /**
     * {@code tokens} is asked for so that the tokens file exists (and is valid) once the service is up: clients
     * such as {@code runfleet demo} read it as soon as {@code /health} answers, and a broken file stops the start.
     */
    void check(@Observes StartupEvent started, RestSecurityConfig config, RestTokens tokens,
               @ConfigProperty(name = "quarkus.http.host") String host) {
        String refusal = refusal(host, config.auth().enabled(), config.insecure());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        if (!config.auth().enabled()) {
            LOG.warnf("REST authentication is off (%s=false): every route on %s is open to anyone who reaches it",
                    RestSecurityConfig.AUTH_ENABLED_KEY, host);
        }
    }

    /** Why a service on {@code host} must not start, or null when it may. */
    static String refusal(String host, boolean authEnabled, boolean insecure) {
        if (authEnabled || insecure || Loopback.isLoopbackHost(host)) {
            return null;
        }
        return "refusing to serve HTTP on " + host + " (quarkus.http.host) without authentication: anyone on the "
                + "network could submit and cancel studies. Turn authentication on (" + RestSecurityConfig.AUTH_ENABLED_KEY
                + "=true, the default), listen on loopback (quarkus.http.host=127.0.0.1), or accept an open API on "
                + "purpose with " + RestSecurityConfig.INSECURE_KEY + "=true";
    }
}
