package io.runfleet.rest.security;

import io.runfleet.wire.security.RestRole;
import io.runfleet.wire.security.RestToken;
import io.runfleet.wire.security.RestTokensFile;
import io.runfleet.wire.security.SecretFiles;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bearer tokens this service accepts: those of the tokens file (created with one token per role when it
 * does not exist) and the optional admin token from the configuration. Matching takes the same time whichever
 * token, if any, is presented, so response times tell an attacker nothing about how close a guess came.
 */
@Singleton
public class RestTokens {

    private static final Logger LOG = Logger.getLogger(RestTokens.class);

    private final List<Known> known;

    RestTokens(RestSecurityConfig config) {
        this.known = config.auth().enabled() ? load(config.auth()) : List.of();
    }

    /** The token whose secret is {@code presented}; every known token is compared, in constant time each. */
    public Optional<RestToken> match(String presented) {
        byte[] digest = sha256(presented);
        RestToken found = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(digest, candidate.digest()) && found == null) {
                found = candidate.token();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many tokens are accepted (for the start-up line; never the tokens themselves). */
    public int count() {
        return known.size();
    }

    private static List<Known> load(RestSecurityConfig.Auth auth) {
        Path file = auth.tokensFile();
        List<RestToken> tokens = new ArrayList<>(
                RestTokensFile.parse(SecretFiles.readOrCreate(file, RestTokensFile::generate), file));
        auth.adminToken().ifPresent(secret -> tokens.add(
                new RestToken("admin-token-setting", EnumSet.of(RestRole.ADMIN), secret.strip())));
        if (tokens.isEmpty()) {
            throw new IllegalStateException("no REST token in " + file + ": add a line '<name> <role>[,<role>...] "
                    + "<token>', delete the file to have a fresh one made at the next start, or set "
                    + "runfleet.security.auth.admin-token");
        }
        LOG.infof("REST authentication on: %d tokens from %s%s", tokens.size(), file.toAbsolutePath(),
                auth.adminToken().isPresent() ? " and runfleet.security.auth.admin-token" : "");
        List<Known> known = new ArrayList<>();
        for (RestToken token : tokens) {
            known.add(new Known(token, sha256(token.secret())));
        }
        return List.copyOf(known);
    }

    /**
     * Digests have one length whatever the token's, and {@link MessageDigest#isEqual} compares equal-length
     * arrays in constant time: together the comparison reveals neither length nor common prefix.
     */
    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private record Known(RestToken token, byte[] digest) {
    }
}
