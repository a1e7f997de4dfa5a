package io.runfleet.cli.launch;

import io.runfleet.cli.http.ApiToken;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the commands that talk to services send their requests, and with which tokens file. Each URL is the one given
 * on the command line, else in its environment variable, else that of the stack {@code runfleet up} keeps in the data
 * directory, else the default ({@code http://localhost:8080} and {@code :8081}). The tokens file is {@code
 * --token-file}, else {@code RUNFLEET_TOKEN_FILE}, else the data directory's (where the services write it); the
 * token in {@code RUNFLEET_TOKEN} goes before any file ({@link ApiToken#find}).
 */
public record StackEndpoints(URI scheduler, URI results, Path tokensFile) {

    public static final String SCHEDULER_VARIABLE = "RUNFLEET_SCHEDULER_URL";
    public static final String RESULTS_VARIABLE = "RUNFLEET_RESULTS_URL";
    public static final String TOKEN_FILE_VARIABLE = "RUNFLEET_TOKEN_FILE";
    static final URI DEFAULT_SCHEDULER = URI.create("http://localhost:8080");
    static final URI DEFAULT_RESULTS = URI.create("http://localhost:8081");

    /**
     * @param scheduler   {@code --scheduler}, or null
     * @param results     {@code --results}, or null
     * @param tokensFile  {@code --token-file}, or null
     * @param dataDir     {@code --data}, or null
     */
    public static StackEndpoints resolve(URI scheduler, URI results, Path tokensFile, Path dataDir,
                                         Map<String, String> environment) {
        Path data = DataDir.of(dataDir, environment);
        Optional<LocalStack.Ports> stack = StackState.read(data).map(StackState::ports);
        URI schedulerUrl = first(scheduler, environment.get(SCHEDULER_VARIABLE),
                stack.map(ports -> local(ports.schedulerHttp())), DEFAULT_SCHEDULER);
        URI resultsUrl = first(results, environment.get(RESULTS_VARIABLE),
                stack.map(ports -> local(ports.resultsHttp())), DEFAULT_RESULTS);
        Path tokens = tokensFile != null ? tokensFile
                : present(environment.get(TOKEN_FILE_VARIABLE)) ? Path.of(environment.get(TOKEN_FILE_VARIABLE))
                : data.resolve(ApiToken.TOKENS_FILE_IN_DATA_DIR);
        return new StackEndpoints(schedulerUrl, resultsUrl, tokens);
    }

    private static URI first(URI given, String fromEnvironment, Optional<URI> fromStack, URI fallback) {
        if (given != null) {
            return given;
        }
        if (present(fromEnvironment)) {
            return URI.create(fromEnvironment.strip());
        }
        return fromStack.orElse(fallback);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static URI local(int port) {
        return URI.create("http://" + StackCommands.LOOPBACK + ":" + port);
    }
}
