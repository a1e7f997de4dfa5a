package io.runfleet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.cli.CliException;
import io.runfleet.wire.security.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI takes its token from, in the documented order. */
class ApiTokenTest {

    private static final String ADMIN = "a".repeat(40);
    private static final String SUBMIT = "s".repeat(40);
    private static final String READ = "r".repeat(40);

    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableWinsOverTheTokensFile() {
        Path file = tokensFile();

        ApiToken token = ApiToken.find(Map.of("RUNFLEET_TOKEN", " from-env "), file);

        assertThat(sentHeader(token)).isEqualTo("Bearer from-env");
    }

    @Test
    void withoutTheVariableTheFilesAdminTokenIsTaken() {
        ApiToken token = ApiToken.find(Map.of(), tokensFile());

        assertThat(sentHeader(token)).isEqualTo("Bearer " + ADMIN);
    }

    @Test
    void aStacksDataDirectoryHoldsItsTokensUnderSecurity() {
        SecretFiles.writePrivate(dir.resolve("security").resolve("rest-tokens"), "read read " + READ + "\n");

        assertThat(sentHeader(ApiToken.fromDataDir(dir))).isEqualTo("Bearer " + READ);
    }

    @Test
    void noVariableAndNoFileSendsNothingAndSaysSo() {
        ApiToken token = ApiToken.find(Map.of(), dir.resolve("missing"));

        assertThat(sentHeader(token)).isNull();
        assertThat(token.refusal("scheduler", 401)).contains("RUNFLEET_TOKEN is not set").contains("missing");
    }

    @Test
    void aTokensFileOthersMayReadIsRefused() throws IOException {
        Path file = tokensFile();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ApiToken.find(Map.of(), file)).isInstanceOf(CliException.class)
                .hasMessageContaining("chmod 600");
    }

    private Path tokensFile() {
        Path file = dir.resolve("rest-tokens");
        SecretFiles.writePrivate(file, "read read " + READ + "\nsubmit submit,read " + SUBMIT + "\nadmin admin " + ADMIN
                + "\n");
        return file;
    }

    private static String sentHeader(ApiToken token) {
        return token.authorize(HttpRequest.newBuilder(URI.create("http://127.0.0.1/"))).build().headers()
                .firstValue("Authorization").orElse(null);
    }
}
