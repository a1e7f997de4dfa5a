package io.runfleet.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The manifests {@code helm template} rendered, each as its text and as the typed object fabric8 reads from it. */
final class Rendered {

    /** One manifest: its YAML as rendered and the object parsed from it. */
    record Manifest(String text, HasMetadata object) {
    }

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<Manifest> manifests;

    private Rendered(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    static Rendered parse(String output) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(output)) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                manifests.add(new Manifest(document, Serialization.unmarshal(document, HasMetadata.class)));
            }
        }
        return new Rendered(manifests);
    }

    List<Manifest> manifests() {
        return manifests;
    }

    Stream<Manifest> manifestsOtherThanSecrets() {
        return manifests.stream().filter(m -> !(m.object() instanceof Secret));
    }

    List<Secret> secrets() {
        return ofKind(Secret.class).toList();
    }

    <T extends HasMetadata> Stream<T> ofKind(Class<T> kind) {
        return manifests.stream().map(Manifest::object).filter(kind::isInstance).map(kind::cast);
    }

    List<Deployment> deployments() {
        return ofKind(Deployment.class).toList();
    }

    /** The Deployment of {@code component} (scheduler, results, agent), found by its component label. */
    Deployment deployment(String component) {
        return ofKind(Deployment.class).filter(d -> component.equals(componentOf(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment for component " + component + " in " + kinds()));
    }

    Service service(String component) {
        return ofKind(Service.class).filter(s -> component.equals(componentOf(s))).findFirst()
                .orElseThrow(() -> new AssertionError("no Service for component " + component + " in " + kinds()));
    }

    Optional<Service> findService(String component) {
        return ofKind(Service.class).filter(s -> component.equals(componentOf(s))).findFirst();
    }

    static PodSpec pod(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    /** The main container of a component (named after it). */
    Container container(String component) {
        return pod(deployment(component)).getContainers().stream().filter(c -> component.equals(c.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + component));
    }

    /** Every container and init container of every Deployment. */
    Stream<Container> allContainers() {
        return deployments().stream().map(Rendered::pod)
                .flatMap(p -> Stream.concat(p.getInitContainers().stream(), p.getContainers().stream()));
    }

    static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst();
    }

    static String envValue(Container container, String name) {
        EnvVar env = env(container, name).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
        if (env.getValue() == null) {
            throw new AssertionError(container.getName() + ": " + name + " is not a plain value: " + env);
        }
        return env.getValue();
    }

    private static String componentOf(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? null
                : object.getMetadata().getLabels().get("app.kubernetes.io/component");
    }

    private List<String> kinds() {
        return manifests.stream().map(m -> m.object().getKind() + "/" + m.object().getMetadata().getName()).toList();
    }
}
