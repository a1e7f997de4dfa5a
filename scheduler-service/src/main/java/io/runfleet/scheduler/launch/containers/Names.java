package io.runfleet.scheduler.launch.containers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names the engine accepts, made from ids that may hold any character. */
final class Names {

    /** Docker and podman take [a-zA-Z0-9][a-zA-Z0-9_.-]* for containers and secrets. */
    private static final int MAX_NAME = 200;
    /** A host name label: at most 63 characters. */
    private static final int MAX_HOSTNAME = 63;

    private Names() {
    }

    /** {@code text} with every character the engine refuses in a name made a dash. */
    static String safe(String text) {
        String safe = text.replaceAll("[^a-zA-Z0-9_.-]", "-");
        return safe.length() > MAX_NAME ? safe.substring(0, MAX_NAME) : safe;
    }

    /** The first {@code length} hex digits of the SHA-256 of {@code text}: a short name that stays the same. */
    static String digest(String text, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The container of an agent: the scheduler's id in it keeps two schedulers on one host apart. */
    static String container(String schedulerId, String agentId) {
        return safe("runfleet-" + schedulerId + "-" + agentId);
    }

    /** The container's host name, which the agent reports with its results: the agent's id as far as it fits. */
    static String hostname(String agentId) {
        String name = agentId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        name = name.length() > MAX_HOSTNAME ? name.substring(name.length() - MAX_HOSTNAME) : name;
        name = name.replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "runfleet-agent" : name;
    }
}
