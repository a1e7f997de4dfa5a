package io.runfleet.cli.http;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.wire.security.RestRole;
import io.runfleet.wire.security.RestToken;
import io.runfleet.wire.security.RestTokensFile;
import io.runfleet.wire.security.SecretFiles;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token the CLI sends, and where it came from (for messages; the token itself is never printed).
 * Looked for in this order: the environment variable {@code RUNFLEET_TOKEN}; the tokens file (by default
 * {@code runfleet-data/security/rest-tokens}, where a local stack writes it), taking its strongest token;
 * otherwise none, and the services answer 401 with a hint.
 */
public final class ApiToken {

    /** The environment variable that gives the token itself. */
    public static final String TOKEN_VARIABLE = "RUNFLEET_TOKEN";
    /** Where a stack's tokens file lies below its data directory (the services' default). */
    public static final Path TOKENS_FILE_IN_DATA_DIR = Path.of("security", "rest-tokens");

    private final Optional<String> secret;
    private final String source;

    private ApiToken(Optional<String> secret, String source) {
        this.secret = secret;
        this.source = source;
    }

    /** No token: for the open {@code /health} probe. */
    public static ApiToken none() {
        return new ApiToken(Optional.empty(), "no token");
    }

    /** {@code RUNFLEET_TOKEN} when set, else the strongest token of {@code tokensFile} when it exists, else none. */
    public static ApiToken find(Map<String, String> environment, Path tokensFile) {
        String given = environment.get(TOKEN_VARIABLE);
        if (given != null && !given.isBlank()) {
            return new ApiToken(Optional.of(given.strip()), "the token in " + TOKEN_VARIABLE);
        }
        if (Files.isRegularFile(tokensFile)) {
            return fromFile(tokensFile);
        }
        return new ApiToken(Optional.empty(), "no token (" + TOKEN_VARIABLE + " is not set and " + tokensFile.toAbsolutePath()
                + " does not exist)");
    }

    /** The strongest token of a stack's data directory (admin before submit before read). */
    public static ApiToken fromDataDir(Path dataDir) {
        return fromFile(dataDir.resolve(TOKENS_FILE_IN_DATA_DIR));
    }

    private static ApiToken fromFile(Path tokensFile) {
        List<RestToken> tokens;
        try {
            tokens = RestTokensFile.parse(SecretFiles.read(tokensFile), tokensFile);
        } catch (RuntimeException e) {
            throw new CliException("cannot use the tokens file: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        return tokens.stream()
                .max(Comparator.comparingInt(ApiToken::strength))
                .map(token -> new ApiToken(Optional.of(token.secret()), "the token '" + token.name() + "' of "
                        + tokensFile.toAbsolutePath()))
                .orElseGet(() -> new ApiToken(Optional.empty(), "no token (" + tokensFile.toAbsolutePath()
                        + " holds none)"));
    }

    private static int strength(RestToken token) {
        return RestRole.granted(token.roles()).size() + (token.roles().contains(RestRole.ADMIN) ? 1 : 0);
    }

    /** Adds {@code Authorization: Bearer ...} when there is a token. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        secret.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    /** What to tell the user when a service answers 401 or 403 to a request sent with this token. */
    public String refusal(String serviceName, int status) {
        if (status == 403) {
            return "the " + serviceName + " refused the request (403): " + source + " lacks the role it needs "
                    + "(read, submit or admin; docs/security.md). Use a token that holds it, e.g. in " + TOKEN_VARIABLE;
        }
        return "the " + serviceName + " wants a valid token (401) and got " + source + ". Set " + TOKEN_VARIABLE
                + ", or point --token-file (env RUNFLEET_TOKEN_FILE) at the stack's <data-dir>/security/rest-tokens "
                + "(docs/security.md)";
    }
}
