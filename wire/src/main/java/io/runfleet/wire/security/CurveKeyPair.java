package io.runfleet.wire.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.zeromq.ZMQ;

/**
 * A CurveZMQ key pair in Z85 text (40 characters each), as kept in a key file:
 * <pre>
 * public-key=...
 * secret-key=...
 * scheduler-key=...     (optional: the public key of the scheduler this key's holder connects to)
 * </pre>
 * A file holding a secret key is owner-only ({@link SecretFiles}).
 */
public record CurveKeyPair(String publicKey, String secretKey, Optional<String> schedulerKey) {

    static final String PUBLIC = "public-key";
    static final String SECRET = "secret-key";
    static final String SCHEDULER = "scheduler-key";

    public CurveKeyPair {
        requireKey(publicKey, PUBLIC);
        requireKey(secretKey, SECRET);
        schedulerKey.ifPresent(key -> requireKey(key, SCHEDULER));
    }

    public static CurveKeyPair generate() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveKeyPair(pair.publicKey, pair.secretKey, Optional.empty());
    }

    /** The same pair with the scheduler's public key written beside it (a remote agent's key file). */
    public CurveKeyPair withSchedulerKey(String key) {
        return new CurveKeyPair(publicKey, secretKey, Optional.of(key));
    }

    /** The pair in {@code path}, made (once, even by racing processes) if the file does not exist yet. */
    public static CurveKeyPair readOrCreate(Path path) {
        return parse(SecretFiles.readOrCreate(path, () -> generate().format()), path.toString());
    }

    /** The pair in an existing key file; a file that others may read is refused. */
    public static CurveKeyPair read(Path path) {
        return parse(SecretFiles.read(path.toAbsolutePath().normalize()), path.toString());
    }

    public String format() {
        StringBuilder text = new StringBuilder();
        text.append(PUBLIC).append('=').append(publicKey).append('\n');
        text.append(SECRET).append('=').append(secretKey).append('\n');
        schedulerKey.ifPresent(key -> text.append(SCHEDULER).append('=').append(key).append('\n'));
        return text.toString();
    }

    static CurveKeyPair parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            // Z85 keys contain '=' themselves: only the first one separates the name
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && eq > 0) {
                values.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
            }
        }
        String publicKey = values.get(PUBLIC);
        String secretKey = values.get(SECRET);
        if (publicKey == null || secretKey == null) {
            throw new IllegalArgumentException("the key file " + source + " lacks '" + (publicKey == null ? PUBLIC : SECRET)
                    + "='; a key file has the lines public-key=<40 characters> and secret-key=<40 characters>"
                    + " (make one with: runfleet keys agent NAME)");
        }
        try {
            return new CurveKeyPair(publicKey, secretKey, Optional.ofNullable(values.get(SCHEDULER)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key file " + source + ": " + e.getMessage(), e);
        }
    }

    /** A Z85 CurveZMQ key is 40 characters and decodes to 32 bytes. */
    public static String requireKey(String key, String what) {
        if (key == null || key.length() != ZMQ.Curve.KEY_SIZE_Z85) {
            throw new IllegalArgumentException(what + " must be a CurveZMQ key of " + ZMQ.Curve.KEY_SIZE_Z85
                    + " Z85 characters, was " + (key == null ? "missing" : key.length() + " characters"));
        }
        byte[] decoded = ZMQ.Curve.z85Decode(key);
        if (decoded == null || decoded.length != ZMQ.Curve.KEY_SIZE) {
            throw new IllegalArgumentException(what + " is not valid Z85 text");
        }
        return key;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "CurveKeyPair(public=" + publicKey + ")";
    }
}
