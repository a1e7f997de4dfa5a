package io.runfleet.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The chart under test (helm/runfleet), driven through the helm library that helm-java bundles: no helm binary and
 * no cluster are needed. Values are handed over as a YAML file, since CurveZMQ keys hold characters ({@code ,},
 * {@code =}, {@code $}) that {@code --set} would parse.
 */
final class Chart {

    static final String RELEASE = "rf";
    static final String NAMESPACE = "batch";
    /** helm template assumes Kubernetes 1.20 without a cluster; the chart needs 1.25 or later. */
    static final String KUBE_VERSION = "1.30.0";

    private static final Path DIR = Path.of(System.getProperty("runfleet.chart.dir", "runfleet")).toAbsolutePath();

    private Chart() {
    }

    static Path dir() {
        return DIR;
    }

    static LintResult lintStrict() {
        return new Helm(DIR).lint().strict().call();
    }

    /** {@code helm template} with the chart's defaults overridden by {@code valuesYaml}. */
    static Rendered template(String valuesYaml) {
        Path values = writeValues(valuesYaml);
        try {
            return Rendered.parse(new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(values).call());
        } finally {
            deleteQuietly(values);
        }
    }

    /** What {@code helm install --dry-run} prints after installing (NOTES.txt), without a cluster. */
    static String notes(String valuesYaml) {
        Path values = writeValues(valuesYaml);
        try {
            String output = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                    .withValuesFile(values).dryRun().clientOnly().call().getOutput();
            return output.substring(output.indexOf("NOTES:"));
        } finally {
            deleteQuietly(values);
        }
    }

    static Rendered defaults() {
        return template("{}\n");
    }

    private static Path writeValues(String yaml) {
        try {
            Path file = Files.createTempFile("runfleet-values", ".yaml");
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the next run does not read it
        }
    }
}
