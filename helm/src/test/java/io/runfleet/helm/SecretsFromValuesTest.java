package io.runfleet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens, keys and the database password given in values: the chart makes Secrets of them and nothing else holds them. */
class SecretsFromValuesTest {

    private static GivenSecrets given;
    private static Rendered rendered;

    @BeforeAll
    static void render() {
        given = GivenSecrets.fresh();
        rendered = Chart.template(given.valuesYaml());
    }

    @Test
    void theChartMakesOneSecretPerGroupHoldingTheGivenValues() {
        Map<String, Map<String, String>> secrets = rendered.secrets().stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), SecretsFromValuesTest::decoded));

        assertThat(secrets).containsOnlyKeys("rf-runfleet-auth", "rf-runfleet-curve", "rf-runfleet-postgresql");
        assertThat(secrets.get("rf-runfleet-auth")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "admin-token", given.adminToken(), "rest-tokens", given.tokensFile().strip()));
        assertThat(secrets.get("rf-runfleet-curve")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "scheduler-public-key", given.scheduler().publicKey(), "scheduler-secret-key", given.scheduler().secretKey(),
                "results-public-key", given.results().publicKey(), "results-secret-key", given.results().secretKey(),
                "agent-public-key", given.agent().publicKey(), "agent-secret-key", given.agent().secretKey(),
                "authorized-keys", given.authorizedKeys().strip()));
        assertThat(secrets.get("rf-runfleet-postgresql")).containsExactlyEntriesOf(Map.of("password", given.databasePassword()));
        assertThat(Rendered.envValue(rendered.container("scheduler"), "RUNFLEET_DB_URL"))
                .isEqualTo("jdbc:postgresql://postgres.databases.svc:5432/runfleet");
    }

    @Test
    void noSecretValueAppearsInAnyManifestButTheSecrets() {
        rendered.manifestsOtherThanSecrets().forEach(manifest -> {
            for (String value : given.values()) {
                String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
                assertThat(manifest.text()).as(manifest.object().getKind() + " " + manifest.object().getMetadata().getName())
                        .doesNotContain(value).doesNotContain(encoded);
            }
        });
        assertThat(rendered.allContainers()).allSatisfy(c -> {
            assertThat(c.getArgs()).isNullOrEmpty();
            assertThat(c.getEnv()).allSatisfy(e -> assertThat(given.values()).doesNotContain(e.getValue()));
        });
    }

    @Test
    void podsRollWhenAGivenSecretValueChanges() {
        GivenSecrets other = GivenSecrets.fresh();
        Rendered again = Chart.template(other.valuesYaml());

        for (String component : new String[] {"scheduler", "results", "agent"}) {
            assertThat(checksum(again, component)).as(component).isNotEqualTo(checksum(rendered, component));
        }
    }

    private static String checksum(Rendered rendered, String component) {
        return rendered.deployment(component).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/secrets");
    }

    @Test
    void keysGivenInPartAreRefusedNamingWhatIsMissingAndWhereToSetIt() {
        String onlySchedulerKeys = """
                curve:
                  scheduler: {publicKey: '%s', secretKey: '%s'}
                """.formatted(given.scheduler().publicKey(), given.scheduler().secretKey());

        assertThatThrownBy(() -> Chart.template(onlySchedulerKeys))
                .hasMessageContaining("curve: the Secret keys scheduler-public-key, scheduler-secret-key are given")
                .hasMessageContaining("agent-public-key, agent-secret-key, results-public-key, results-secret-key are not")
                .hasMessageContaining("curve.existingSecret");
    }

    private static Map<String, String> decoded(Secret secret) {
        return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
    }
}
