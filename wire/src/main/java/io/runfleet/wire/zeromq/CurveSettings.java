package io.runfleet.wire.zeromq;

import io.runfleet.wire.security.AuthorizedKeys;
import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.CurveKeyring;
import io.runfleet.wire.security.Loopback;
import io.runfleet.wire.security.PeerRole;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * CurveZMQ for every socket of one process: its own key pair, the key of the router its connecting sockets
 * reach ({@code endpoint}), the keys it advertises beside addresses, and the client keys its server sockets
 * let in. Read once per process from {@code runfleet.security.*} (see docs/security.md, "ZeroMQ (CurveZMQ)");
 * which pairs of the keyring a process uses follows from {@value #IDENTITY}.
 */
public final class CurveSettings {

    public static final String ENABLED = "runfleet.security.curve.enabled";
    public static final String INSECURE = "runfleet.security.insecure";
    public static final String IDENTITY = "runfleet.security.curve.identity";
    public static final String DIR = "runfleet.security.curve.dir";
    public static final String KEY_FILE = "runfleet.security.curve.key-file";
    public static final String PUBLIC_KEY = "runfleet.security.curve.public-key";
    public static final String SECRET_KEY = "runfleet.security.curve.secret-key";
    public static final String SCHEDULER_KEY = "runfleet.security.curve.scheduler-key";
    public static final String RESULTS_KEY = "runfleet.security.curve.results-key";
    /** The name under which a router advertises the public key of the server behind an advertised address. */
    static final String ADVERTISED_KEY_SUFFIX = ".public-key";

    private final boolean enabled;
    private final boolean insecure;
    private final CurveKeyPair own;
    private final Optional<String> routerKey;
    private final Map<String, String> advertisedKeys;
    private final AuthorizedKeys authorized;

    CurveSettings(boolean enabled, boolean insecure, CurveKeyPair own, Optional<String> routerKey,
            Map<String, String> advertisedKeys, AuthorizedKeys authorized) {
        this.enabled = enabled;
        this.insecure = insecure;
        this.own = own;
        this.routerKey = routerKey;
        this.advertisedKeys = Map.copyOf(advertisedKeys);
        this.authorized = authorized;
    }

    /** Plain text: only for loopback endpoints, unless {@code insecure} waives that. */
    static CurveSettings plainText(boolean insecure) {
        return new CurveSettings(false, insecure, null, Optional.empty(), Map.of(),
                new AuthorizedKeys(Map.of(), Optional.empty()));
    }

    static CurveSettings curve(CurveKeyPair own, Optional<String> routerKey, Map<String, String> advertisedKeys,
            AuthorizedKeys authorized) {
        return new CurveSettings(true, false, own, routerKey, advertisedKeys, authorized);
    }

    /**
     * From the process's configuration. {@value #IDENTITY} says which process this is:
     * <ul>
     * <li>{@code scheduler}: its own pair is the keyring's {@code scheduler.key}; it lets in the keyring's
     * {@code agent.key} (role agent), the results service's key ({@value #RESULTS_KEY}, else {@code results.key};
     * role results) and the authorised-keys file; it advertises the results key beside the results address
     * and its own beside the control address; its dealer ({@code study-events}) reaches the results service with
     * that results key;</li>
     * <li>{@code results}: its own pair is {@code results.key}; its dealer reaches the scheduler with
     * {@value #SCHEDULER_KEY}, else the public key of {@code scheduler.key}; it lets in {@code agent.key}, that
     * scheduler key (role scheduler) and the file;</li>
     * <li>{@code agent} (default): its pair is {@value #PUBLIC_KEY} + {@value #SECRET_KEY}, else
     * {@value #KEY_FILE} (made on first use), else {@code agent.key}; the scheduler's key is {@value #SCHEDULER_KEY}, else the key
     * file's {@code scheduler-key}, else that of {@code scheduler.key}.</li>
     * </ul>
     */
    public static CurveSettings from(Config config) {
        boolean insecure = config.getOptionalValue(INSECURE, Boolean.class).orElse(false);
        if (!config.getOptionalValue(ENABLED, Boolean.class).orElse(true)) {
            return plainText(insecure);
        }
        String identity = config.getOptionalValue(IDENTITY, String.class).orElse(CurveKeyring.AGENT).trim();
        CurveKeyring keyring = CurveKeyring.in(config.getOptionalValue(DIR, String.class).map(Path::of)
                .orElseGet(() -> CurveKeyring.ofDataDir(Path.of(config.getOptionalValue("runfleet.data-dir",
                        String.class).orElse("runfleet-data"))).directory()));
        Optional<String> schedulerKey = key(config, SCHEDULER_KEY);
        return switch (identity) {
            case CurveKeyring.SCHEDULER -> {
                CurveKeyPair own = keyring.pair(CurveKeyring.SCHEDULER);
                String resultsKey = key(config, RESULTS_KEY)
                        .orElseGet(() -> keyring.pair(CurveKeyring.RESULTS).publicKey());
                Map<String, PeerRole> known = new HashMap<>();
                known.put(keyring.pair(CurveKeyring.AGENT).publicKey(), PeerRole.AGENT);
                known.put(resultsKey, PeerRole.RESULTS);
                // its one connecting socket is the study-events dealer to the results service's router
                yield curve(own, Optional.of(resultsKey),
                        Map.of(CurveKeyring.RESULTS, resultsKey, "control", own.publicKey()),
                        new AuthorizedKeys(known, Optional.of(keyring.authorizedKeys())));
            }
            case CurveKeyring.RESULTS -> {
                String scheduler = schedulerKey.orElseGet(() -> keyring.pair(CurveKeyring.SCHEDULER).publicKey());
                Map<String, PeerRole> known = new HashMap<>();
                known.put(keyring.pair(CurveKeyring.AGENT).publicKey(), PeerRole.AGENT);
                known.put(scheduler, PeerRole.SCHEDULER);
                yield curve(keyring.pair(CurveKeyring.RESULTS), Optional.of(scheduler), Map.of(),
                        new AuthorizedKeys(known, Optional.of(keyring.authorizedKeys())));
            }
            case CurveKeyring.AGENT -> agent(config, keyring, schedulerKey);
            default -> throw new IllegalArgumentException(IDENTITY + " is '" + identity
                    + "'; set it to scheduler, results or agent");
        };
    }

    private static CurveSettings agent(Config config, CurveKeyring keyring, Optional<String> schedulerKey) {
        Optional<String> publicKey = key(config, PUBLIC_KEY);
        Optional<String> secretKey = key(config, SECRET_KEY);
        if (publicKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("set both " + PUBLIC_KEY + " and " + SECRET_KEY
                    + " (env RUNFLEET_SECURITY_CURVE_PUBLIC_KEY and _SECRET_KEY), or neither");
        }
        Optional<Path> keyFile = config.getOptionalValue(KEY_FILE, String.class).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Path::of);
        CurveKeyPair own = publicKey.isPresent()
                ? new CurveKeyPair(publicKey.get(), secretKey.get(), Optional.empty())
                : keyFile.map(CurveKeyPair::readOrCreate).orElseGet(() -> keyring.pair(CurveKeyring.AGENT));
        String scheduler = schedulerKey.or(own::schedulerKey)
                .orElseGet(() -> keyring.pair(CurveKeyring.SCHEDULER).publicKey());
        return curve(own, Optional.of(scheduler), Map.of(), new AuthorizedKeys(Map.of(), Optional.empty()));
    }

    /**
     * A key exactly as written: Z85 has '$', '{' and '}' among its characters, and the configuration's expression
     * expansion would rewrite a key holding "$${" (an escaped "${") or "${...}", one key in some thousands.
     */
    private static Optional<String> key(Config config, String name) {
        return Optional.ofNullable(config.getConfigValue(name).getRawValue()).map(String::trim)
                .filter(s -> !s.isEmpty()).map(value -> CurveKeyPair.requireKey(value, name));
    }

    /** What a log line says about this process's transport security; the public key is for authorized-keys. */
    String describe() {
        return enabled ? "CurveZMQ on every socket; this process's public key is " + own.publicKey()
                : "CurveZMQ off: plain text" + (insecure ? ", allowed on every address (" + INSECURE + "=true)"
                : ", allowed on loopback endpoints only");
    }

    boolean enabled() {
        return enabled;
    }

    CurveKeyPair own() {
        return own;
    }

    /** The public key of the router a dealer or sub reaches at its configured {@code endpoint}. */
    String routerKey(ChannelSettings channel) {
        return routerKey.orElseThrow(() -> new IllegalStateException(channel.describe() + " connects to '"
                + channel.endpoint() + "' with CurveZMQ, but the server's public key is unknown; set "
                + SCHEDULER_KEY + " (the scheduler: " + RESULTS_KEY + "; or " + ENABLED + "=false on loopback)"));
    }

    /** Public keys advertised beside addresses, by advertised name. */
    Map<String, String> advertisedKeys() {
        return advertisedKeys;
    }

    AuthorizedKeys authorized() {
        return authorized;
    }

    /**
     * Refuses plain text on an endpoint other hosts can reach: without CurveZMQ anyone who reaches the port
     * could take runs, forge results or read them.
     */
    void checkPlainTextAllowed(String what, String endpoint) {
        if (!enabled && !insecure && !Loopback.isLoopbackEndpoint(endpoint)) {
            throw new IllegalStateException(what + ": plain-text ZeroMQ on '" + endpoint
                    + "', which is not a loopback address; anyone who reaches it could take runs or forge results."
                    + " Set " + ENABLED + "=true (the default; docs/security.md), bind to tcp://127.0.0.1:PORT, or set "
                    + INSECURE + "=true to waive this on purpose");
        }
    }
}
