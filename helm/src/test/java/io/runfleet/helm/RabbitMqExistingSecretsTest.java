package io.runfleet.helm;

import static io.runfleet.helm.DefaultValuesTest.assertSecretRef;
import static io.runfleet.helm.Rendered.env;
import static io.runfleet.helm.Rendered.envValue;
import static io.runfleet.helm.Rendered.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values other than the defaults: RabbitMQ, Secrets of the operator's own, five agents, images of a private registry. */
class RabbitMqExistingSecretsTest {

    private static final String VALUES = """
            transport: rabbitmq
            auth: {existingSecret: ops-tokens}
            postgresql:
              host: pg.databases.svc
              port: 6432
              database: campaigns
              jdbcParameters: sslmode=verify-full
              auth: {username: fleet, existingSecret: ops-postgres, passwordKey: pg-password}
            rabbitmq:
              host: mq.brokers.svc
              port: 5671
              virtualHost: fleet
              tls: true
              auth: {existingSecret: ops-rabbitmq, agentUsername: fleet-agent}
            scheduler:
              image: {repository: registry.local/fleet/scheduler, tag: "1.2.3", pullPolicy: Always}
            results:
              image: {repository: registry.local/fleet/results, tag: "1.2.4", pullPolicy: Always}
            agent:
              replicas: 5
              slots: 8
              image: {repository: registry.local/fleet/agent-with-solvers, tag: "2026.12", pullPolicy: Always}
            """;

    private static Rendered rendered;

    @BeforeAll
    static void render() {
        rendered = Chart.template(VALUES);
    }

    @Test
    void everyProcessTalksThroughTheBrokerAsItsOwnUser() {
        List<String> roles = List.of("scheduler", "results", "agent");
        for (String role : roles) {
            Container container = rendered.container(role);
            assertThat(envValue(container, "QUARKUS_PROFILE")).isEqualTo("prod,rabbitmq");
            assertThat(envValue(container, "RABBITMQ_HOST")).isEqualTo("mq.brokers.svc");
            assertThat(envValue(container, "RABBITMQ_PORT")).isEqualTo("5671");
            assertThat(envValue(container, "RABBITMQ_VIRTUAL_HOST")).isEqualTo("fleet");
            assertThat(envValue(container, "RABBITMQ_SSL")).isEqualTo("true");
            assertSecretRef(container, "RABBITMQ_PASSWORD", "ops-rabbitmq", role + "-password");
        }
        assertThat(envValue(rendered.container("scheduler"), "RABBITMQ_USERNAME")).isEqualTo("runfleet-scheduler");
        assertThat(envValue(rendered.container("results"), "RABBITMQ_USERNAME")).isEqualTo("runfleet-results");
        assertThat(envValue(rendered.container("agent"), "RABBITMQ_USERNAME")).isEqualTo("fleet-agent");
    }

    @Test
    void noZeroMqPortKeyOrEndpointIsRendered() {
        for (String component : List.of("scheduler", "results")) {
            assertThat(rendered.service(component).getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http");
            assertThat(rendered.container(component).getPorts()).extracting(p -> p.getName()).containsExactly("http");
            assertThat(pod(rendered.deployment(component)).getVolumes()).noneMatch(v -> v.getName().equals("curve"));
        }
        assertThat(rendered.allContainers()).allSatisfy(c -> assertThat(c.getEnv())
                .noneMatch(e -> e.getName().startsWith("RUNFLEET_SECURITY_CURVE_") || e.getName().endsWith("_BIND")
                        || e.getName().endsWith("_ENDPOINT") || e.getName().equals("RUNFLEET_AGENT_CONNECT")));
        assertThat(rendered.manifests()).noneMatch(m -> m.text().contains("/run/runfleet/curve"));
    }

    @Test
    void existingSecretsAreReferencedAndTheChartMakesNone() {
        assertThat(rendered.secrets()).isEmpty();
        for (String component : List.of("scheduler", "results")) {
            Container container = rendered.container(component);
            assertSecretRef(container, "RUNFLEET_SECURITY_AUTH_ADMIN_TOKEN", "ops-tokens", "admin-token");
            assertSecretRef(container, "RUNFLEET_DB_PASSWORD", "ops-postgres", "pg-password");
            assertThat(envValue(container, "RUNFLEET_DB_USER")).isEqualTo("fleet");
            assertThat(envValue(container, "RUNFLEET_DB_URL"))
                    .isEqualTo("jdbc:postgresql://pg.databases.svc:6432/campaigns?sslmode=verify-full");
            assertThat(pod(rendered.deployment(component)).getVolumes()).filteredOn(v -> v.getSecret() != null)
                    .extracting(v -> v.getSecret().getSecretName()).containsExactly("ops-tokens");
        }
        assertThat(env(rendered.container("agent"), "RUNFLEET_DB_PASSWORD")).as("agents never see the database").isEmpty();
    }

    @Test
    void agentsScaleAndEveryComponentRunsItsOwnImage() {
        assertThat(rendered.deployment("agent").getSpec().getReplicas()).isEqualTo(5);
        assertThat(envValue(rendered.container("agent"), "RUNFLEET_AGENT_SLOTS")).isEqualTo("8");
        assertThat(rendered.container("scheduler").getImage()).isEqualTo("registry.local/fleet/scheduler:1.2.3");
        assertThat(rendered.container("results").getImage()).isEqualTo("registry.local/fleet/results:1.2.4");
        assertThat(rendered.container("agent").getImage()).isEqualTo("registry.local/fleet/agent-with-solvers:2026.12");
        for (String component : List.of("scheduler", "results")) {
            assertThat(pod(rendered.deployment(component)).getInitContainers()).singleElement()
                    .satisfies(init -> assertThat(init.getImage()).isEqualTo(rendered.container(component).getImage()));
        }
        assertThat(rendered.allContainers()).allSatisfy(c -> assertThat(c.getImagePullPolicy()).isEqualTo("Always"));
    }
}
