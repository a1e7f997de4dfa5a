package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void withoutAStackTheDefaultsAndTheDataDirectorysTokensFileAreUsed() {
        StackEndpoints endpoints = StackEndpoints.resolve(null, null, null, dir, Map.of());

        assertThat(endpoints.scheduler()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(endpoints.results()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(endpoints.tokensFile()).isEqualTo(dir.resolve("security/rest-tokens"));
    }

    @Test
    void aStackInTheDataDirectoryNamedByRunfleetDataGivesTheUrls() {
        new StackState(StackState.H2, new LocalStack.Ports(18080, 18081, 1, 2, 3, 4), List.of()).write(dir);

        StackEndpoints endpoints = StackEndpoints.resolve(null, null, null, null,
                Map.of(DataDir.VARIABLE, dir.toString()));

        assertThat(endpoints.scheduler()).isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(endpoints.results()).isEqualTo(URI.create("http://127.0.0.1:18081"));
        assertThat(endpoints.tokensFile()).isEqualTo(dir.resolve("security/rest-tokens"));
    }

    @Test
    void flagsGoBeforeTheEnvironmentWhichGoesBeforeTheStack() {
        new StackState(StackState.H2, new LocalStack.Ports(18080, 18081, 1, 2, 3, 4), List.of()).write(dir);
        Map<String, String> environment = Map.of(StackEndpoints.SCHEDULER_VARIABLE, "http://env:1",
                StackEndpoints.RESULTS_VARIABLE, "http://env:2", StackEndpoints.TOKEN_FILE_VARIABLE, "/env/tokens");

        StackEndpoints fromEnvironment = StackEndpoints.resolve(null, null, null, dir, environment);
        StackEndpoints fromFlags = StackEndpoints.resolve(URI.create("http://flag:1"), URI.create("http://flag:2"),
                Path.of("/flag/tokens"), dir, environment);

        assertThat(fromEnvironment).isEqualTo(new StackEndpoints(URI.create("http://env:1"), URI.create("http://env:2"),
                Path.of("/env/tokens")));
        assertThat(fromFlags).isEqualTo(new StackEndpoints(URI.create("http://flag:1"), URI.create("http://flag:2"),
                Path.of("/flag/tokens")));
    }
}
