package io.runfleet.wire.security;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The text of a tokens file: {@code #} comments, blank lines, and one token per line as
 * {@code <name> <role>[,<role>...] <token>}. A fresh file holds one token per role, so an operator can hand
 * out only what each client needs (read to a dashboard, submit and read to a pipeline).
 */
public final class RestTokensFile {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private RestTokensFile() {
    }

    /** The contents of a new tokens file: fresh random tokens named admin, submit and read. */
    public static String generate() {
        return """
                # Runfleet REST tokens (docs/security.md): <name> <role>[,<role>...] <token>
                # Send one as "Authorization: Bearer <token>". Roles: read, submit, admin (admin holds all).
                admin admin %s
                submit submit,read %s
                read read %s
                """.formatted(newSecret(), newSecret(), newSecret());
    }

    /** The tokens in {@code text}; a malformed line is refused with its number and the expected form. */
    public static List<RestToken> parse(String text, Path source) {
        List<RestToken> tokens = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalStateException(source + " line " + (i + 1) + ": expected '<name> <role>[,<role>...]"
                        + " <token>', found " + fields.length + " fields");
            }
            try {
                tokens.add(new RestToken(fields[0], roles(fields[1]), fields[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return tokens;
    }

    private static Set<RestRole> roles(String list) {
        Set<RestRole> roles = EnumSet.noneOf(RestRole.class);
        for (String name : list.split(",")) {
            roles.add(RestRole.named(name));
        }
        return roles;
    }

    private static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
