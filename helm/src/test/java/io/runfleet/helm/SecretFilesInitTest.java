package io.runfleet.helm;

import static io.runfleet.helm.Rendered.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.runfleet.wire.security.AuthorizedKeys;
import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.PeerRole;
import io.runfleet.wire.security.RestToken;
import io.runfleet.wire.security.RestTokensFile;
import io.runfleet.wire.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' init container, run here with sh on files laid out as the kubelet mounts a Secret (one file per key,
 * group-readable): Runfleet's own readers accept what it writes, and would refuse the mounted files themselves.
 */
class SecretFilesInitTest {

    private static GivenSecrets given;
    private static Rendered rendered;

    @TempDir
    Path root;

    @BeforeAll
    static void render() {
        given = GivenSecrets.fresh();
        rendered = Chart.template(given.valuesYaml());
    }

    @Test
    void theSchedulersKeyPairAuthorizedKeysAndTokensFileAreOwnerOnlyFilesRunfleetReads() throws Exception {
        Path data = runInitContainer("scheduler");
        Path curve = data.resolve("security/curve");

        assertThat(CurveKeyPair.read(curve.resolve("scheduler.key"))).isEqualTo(given.scheduler());
        AuthorizedKeys authorized = new AuthorizedKeys(Map.of(), Optional.of(curve.resolve("authorized-keys")));
        assertThat(authorized.roleOf(given.agent().publicKey())).contains(PeerRole.AGENT);
        assertThat(authorized.roleOf(given.consumer().publicKey())).contains(PeerRole.CONSUMER);
        assertThat(authorized.roleOf(given.results().publicKey())).isEmpty();
        Path tokens = data.resolve("security/rest-tokens");
        assertThat(RestTokensFile.parse(SecretFiles.read(tokens), tokens)).extracting(RestToken::secret)
                .containsExactly(given.readToken());
        assertThat(Files.exists(curve.resolve("results.key"))).as("the scheduler gets no other secret key").isFalse();
    }

    @Test
    void theResultsServiceGetsItsOwnKeyPair() throws Exception {
        Path curve = runInitContainer("results").resolve("security/curve");

        assertThat(CurveKeyPair.read(curve.resolve("results.key"))).isEqualTo(given.results());
        assertThat(Files.exists(curve.resolve("scheduler.key"))).isFalse();
    }

    @Test
    void theMountedSecretFilesThemselvesWouldBeRefused() throws Exception {
        Path mounted = mountSecret("curve", Map.of("scheduler-secret-key", given.scheduler().secretKey()))
                .resolve("scheduler-secret-key");

        assertThatThrownBy(() -> SecretFiles.read(mounted)).hasMessageContaining("chmod 600");
    }

    /** Runs the component's init container script with its mount points moved under the test's directory. */
    private Path runInitContainer(String component) throws IOException, InterruptedException {
        Container init = pod(rendered.deployment(component)).getInitContainers().get(0);
        Path data = Files.createDirectories(root.resolve("data"));
        Path mounts = root.resolve("run");
        mountSecret("auth", Map.of("admin-token", given.adminToken(), "rest-tokens", given.tokensFile()));
        mountSecret("curve", Map.of(
                "scheduler-public-key", given.scheduler().publicKey(), "scheduler-secret-key", given.scheduler().secretKey(),
                "results-public-key", given.results().publicKey(), "results-secret-key", given.results().secretKey(),
                "agent-public-key", given.agent().publicKey(), "agent-secret-key", given.agent().secretKey(),
                "authorized-keys", given.authorizedKeys()));
        List<String> command = new ArrayList<>(init.getCommand());
        assertThat(command).hasSize(3).startsWith("sh", "-ec");
        command.set(2, command.get(2).replace("/var/lib/runfleet", data.toString()).replace("/run/runfleet", mounts.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        return data;
    }

    /** One file per key, group-readable (defaultMode 0440 with the pod's fsGroup), as the kubelet mounts a Secret. */
    private Path mountSecret(String name, Map<String, String> keys) throws IOException {
        Path dir = Files.createDirectories(root.resolve("run").resolve(name));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Path file = Files.writeString(dir.resolve(key.getKey()), key.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        }
        return dir;
    }
}
