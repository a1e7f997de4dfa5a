package io.runfleet.wire.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The CurveZMQ client keys a server lets in, each with its {@link PeerRole}: keys the process knows
 * itself (the local agents' key, the results service's) plus the lines of an authorised-keys file,
 * {@code <role> <public key> [comment]}, one a line, {@code #} starting a comment line. The file is read
 * again when it changes, so an operator authorises a new agent without restarting the services;
 * deleting a line withdraws the key from the next connection on.
 */
public final class AuthorizedKeys {

    private static final Logger LOG = Logger.getLogger(AuthorizedKeys.class);

    private final Map<String, PeerRole> fixed;
    private final Optional<Path> file;
    private Map<String, PeerRole> fromFile = Map.of();
    private FileTime readAt;

    public AuthorizedKeys(Map<String, PeerRole> fixed, Optional<Path> file) {
        this.fixed = Map.copyOf(fixed);
        this.file = file.map(path -> path.toAbsolutePath().normalize());
    }

    /** The role of {@code publicKey} (Z85), if it is authorised. */
    public synchronized Optional<PeerRole> roleOf(String publicKey) {
        PeerRole role = fixed.get(publicKey);
        if (role != null) {
            return Optional.of(role);
        }
        reloadIfChanged();
        return Optional.ofNullable(fromFile.get(publicKey));
    }

    private void reloadIfChanged() {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            FileTime modified = Files.exists(path) ? Files.getLastModifiedTime(path) : null;
            if (modified == null) {
                fromFile = Map.of();
                readAt = null;
            } else if (!modified.equals(readAt)) {
                fromFile = parse(Files.readString(path, StandardCharsets.UTF_8), path);
                readAt = modified;
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read before: a half-edited file must not lock every agent out
            LOG.errorf("cannot read the authorised CurveZMQ keys in %s (%s); keeping the %d keys read before",
                    path, e.getMessage(), fromFile.size());
        }
    }

    static Map<String, PeerRole> parse(String text, Path source) {
        Map<String, PeerRole> keys = new HashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            String where = source + " line " + (i + 1);
            if (parts.length < 2) {
                throw new IllegalArgumentException(where + ": write '<role> <public key> [comment]'");
            }
            keys.put(CurveKeyPair.requireKey(parts[1], where + ": the public key"), PeerRole.parse(parts[0], where));
        }
        return keys;
    }

    /** Adds {@code <role> <public key> <comment>} to the file (created if missing). */
    public static void append(Path file, PeerRole role, String publicKey, String comment) {
        CurveKeyPair.requireKey(publicKey, "the public key");
        String line = role.label() + " " + publicKey + (comment.isBlank() ? "" : " " + comment.strip()) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add a key to " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
