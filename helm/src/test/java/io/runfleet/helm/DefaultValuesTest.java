package io.runfleet.helm;

import static io.runfleet.helm.Rendered.env;
import static io.runfleet.helm.Rendered.envValue;
import static io.runfleet.helm.Rendered.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart with its defaults: ZeroMQ with CurveZMQ, two agents, secrets expected under the chart's names. */
class DefaultValuesTest {

    private static Rendered rendered;

    @BeforeAll
    static void render() {
        rendered = Chart.defaults();
    }

    @Test
    void rendersTheThreeDeploymentsTheirServicesAndNoSecretWhenNoSecretValuesAreGiven() {
        assertThat(rendered.deployments()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("rf-runfleet-scheduler", "rf-runfleet-results", "rf-runfleet-agent");
        assertThat(rendered.service("scheduler").getMetadata().getName()).isEqualTo("rf-runfleet-scheduler");
        assertThat(rendered.service("results").getMetadata().getName()).isEqualTo("rf-runfleet-results");
        assertThat(rendered.findService("agent")).isEmpty();
        assertThat(rendered.secrets()).isEmpty();
        assertThat(rendered.deployment("agent").getSpec().getReplicas()).isEqualTo(2);
        assertThat(rendered.deployment("scheduler").getSpec().getReplicas()).isEqualTo(1);
        assertThat(rendered.deployment("scheduler").getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(rendered.deployment("results").getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void everyObjectCarriesTheRecommendedLabelsAndSelectorsMatchTheirPods() {
        rendered.manifests().forEach(m -> assertThat(m.object().getMetadata().getLabels())
                .as(m.object().getKind() + " " + m.object().getMetadata().getName())
                .containsEntry("app.kubernetes.io/name", "runfleet")
                .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/version", System.getProperty("runfleet.version"))
                .containsKey("helm.sh/chart"));
        for (Deployment deployment : rendered.deployments()) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
        for (String component : List.of("scheduler", "results")) {
            assertThat(rendered.service(component).getSpec().getSelector())
                    .isEqualTo(rendered.deployment(component).getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", component);
        }
    }

    @Test
    void imagesAreTaggedWithTheProjectVersionByDefault() {
        String version = System.getProperty("runfleet.version");
        assertThat(rendered.container("scheduler").getImage()).isEqualTo("runfleet/scheduler-service:" + version);
        assertThat(rendered.container("results").getImage()).isEqualTo("runfleet/results-service:" + version);
        assertThat(rendered.container("agent").getImage()).isEqualTo("runfleet/worker-agent:" + version);
        assertThat(rendered.allContainers()).allSatisfy(c -> assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent"));
    }

    @Test
    void theServicesAreProbedOnTheirHealthRoutesThroughTheHttpPort() {
        assertProbes(rendered.container("scheduler"), 8080);
        assertProbes(rendered.container("results"), 8081);
        Container agent = rendered.container("agent");
        assertThat(agent.getLivenessProbe()).as("the agent has no HTTP server").isNull();
        assertThat(agent.getReadinessProbe()).isNull();
    }

    private static void assertProbes(Container container, int httpPort) {
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(httpPort);
        });
        assertThat(envValue(container, "QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(httpPort));
        assertThat(envValue(container, "QUARKUS_HTTP_HOST")).isEqualTo("0.0.0.0");
        assertHttpGet(container.getLivenessProbe(), "/health/live");
        assertHttpGet(container.getStartupProbe(), "/health/live");
        assertHttpGet(container.getReadinessProbe(), "/health/ready");
    }

    private static void assertHttpGet(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void overZeroMqAgentsConnectToTheSchedulerServiceWhichAdvertisesTheResultsService() {
        Container scheduler = rendered.container("scheduler");
        Container results = rendered.container("results");
        Container agent = rendered.container("agent");
        assertThat(List.of(scheduler, results, agent)).allSatisfy(c -> assertThat(envValue(c, "QUARKUS_PROFILE")).isEqualTo("prod"));
        assertThat(envValue(agent, "RUNFLEET_AGENT_CONNECT")).isEqualTo("tcp://rf-runfleet-scheduler:5555");
        assertThat(envValue(scheduler, "RUNFLEET_SCHEDULER_ZMQ_BIND")).isEqualTo("tcp://*:5555");
        assertThat(envValue(scheduler, "RUNFLEET_SCHEDULER_CONTROL_BIND")).isEqualTo("tcp://*:5558");
        assertThat(envValue(scheduler, "RUNFLEET_SCHEDULER_RESULTS_ENDPOINT")).isEqualTo("tcp://rf-runfleet-results:5556");
        assertThat(envValue(scheduler, "RUNFLEET_SCHEDULER_CONTROL_ENDPOINT")).isEqualTo("tcp://rf-runfleet-scheduler:5558");
        assertThat(envValue(results, "RUNFLEET_RESULTS_ZMQ_BIND")).isEqualTo("tcp://*:5556");
        assertThat(envValue(results, "RUNFLEET_RESULTS_EVENTS_BIND")).isEqualTo("tcp://*:5557");
        assertThat(envValue(results, "RUNFLEET_RESULTS_SCHEDULER_ENDPOINT")).isEqualTo("tcp://rf-runfleet-scheduler:5555");
        assertThat(servicePorts("scheduler")).containsExactlyInAnyOrderEntriesOf(Map.of("http", 8080, "zmq", 5555, "control", 5558));
        assertThat(servicePorts("results")).containsExactlyInAnyOrderEntriesOf(Map.of("http", 8081, "zmq", 5556, "events", 5557));
        assertThat(envValue(agent, "RUNFLEET_AGENT_SLOTS")).isEqualTo("2");
        assertThat(envValue(agent, "RUNFLEET_AGENT_DRAIN_TIMEOUT")).isEqualTo("30s");
        assertThat(pod(rendered.deployment("agent")).getTerminationGracePeriodSeconds()).isEqualTo(40L);
    }

    private static Map<String, Integer> servicePorts(String component) {
        return rendered.service(component).getSpec().getPorts().stream()
                .collect(java.util.stream.Collectors.toMap(ServicePort::getName, ServicePort::getPort));
    }

    @Test
    void secretsAreReferencedFromTheChartsSecretNames() {
        Container scheduler = rendered.container("scheduler");
        Container results = rendered.container("results");
        Container agent = rendered.container("agent");
        for (Container service : List.of(scheduler, results)) {
            assertSecretRef(service, "RUNFLEET_SECURITY_AUTH_ADMIN_TOKEN", "rf-runfleet-auth", "admin-token");
            assertSecretRef(service, "RUNFLEET_DB_PASSWORD", "rf-runfleet-postgresql", "password");
            assertThat(envValue(service, "RUNFLEET_DB_URL")).isEqualTo("jdbc:postgresql://postgresql:5432/runfleet");
            assertThat(envValue(service, "RUNFLEET_DB_USER")).isEqualTo("runfleet");
        }
        assertSecretRef(scheduler, "RUNFLEET_SECURITY_CURVE_RESULTS_KEY", "rf-runfleet-curve", "results-public-key");
        assertSecretRef(results, "RUNFLEET_SECURITY_CURVE_SCHEDULER_KEY", "rf-runfleet-curve", "scheduler-public-key");
        assertSecretRef(agent, "RUNFLEET_SECURITY_CURVE_PUBLIC_KEY", "rf-runfleet-curve", "agent-public-key");
        assertSecretRef(agent, "RUNFLEET_SECURITY_CURVE_SECRET_KEY", "rf-runfleet-curve", "agent-secret-key");
        assertSecretRef(agent, "RUNFLEET_SECURITY_CURVE_SCHEDULER_KEY", "rf-runfleet-curve", "scheduler-public-key");
        assertThat(pod(rendered.deployment("scheduler")).getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactlyInAnyOrder("rf-runfleet-auth", "rf-runfleet-curve");
    }

    static void assertSecretRef(Container container, String name, String secret, String key) {
        EnvVar env = env(container, name).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
        assertThat(env.getValue()).as(name + " must not be inlined").isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
    }

    @Test
    void everyContainerRunsAsAnUnprivilegedUserOnAReadOnlyRootFileSystem() {
        for (Deployment deployment : rendered.deployments()) {
            PodSecurityContext pod = pod(deployment).getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).isTrue();
            assertThat(pod.getRunAsUser()).isEqualTo(65534L);
            assertThat(pod(deployment).getAutomountServiceAccountToken()).isFalse();
        }
        assertThat(rendered.allContainers()).hasSize(5).allSatisfy(container -> {
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as(container.getName()).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
            assertThat(security.getPrivileged()).as(container.getName()).isNotEqualTo(Boolean.TRUE);
        });
    }

    @Test
    void whereTheProcessesWriteIsAnEmptyDir() {
        for (String component : List.of("scheduler", "results", "agent")) {
            Deployment deployment = rendered.deployment(component);
            List<String> writable = rendered.container(component).getVolumeMounts().stream()
                    .filter(m -> pod(deployment).getVolumes().stream()
                            .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null))
                    .map(VolumeMount::getMountPath).toList();
            assertThat(writable).as(component).contains("/tmp");
            if (!component.equals("agent")) {
                assertThat(writable).as(component).contains("/var/lib/runfleet");
                assertThat(envValue(rendered.container(component), "RUNFLEET_DATA_DIR")).isEqualTo("/var/lib/runfleet");
            }
        }
        assertThat(envValue(rendered.container("agent"), "RUNFLEET_AGENT_WORK_DIR")).startsWith("/tmp/");
    }

    @Test
    void everyContainerHasRequestsAndLimitsForCpuAndMemory() {
        assertThat(rendered.allContainers()).allSatisfy(container -> {
            assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(container.getName()).containsKeys("cpu", "memory");
        });
        assertThat(rendered.container("agent").getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    }
}
