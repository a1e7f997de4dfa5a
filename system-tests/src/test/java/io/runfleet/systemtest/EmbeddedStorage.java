package io.runfleet.systemtest;

import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded deployment's storage for one test class: the services' H2 build started with the {@code embedded}
 * profile, so that its files land in the class's data directory ({@code runfleet.data-dir}, which
 * {@link SystemUnderTest} gives every service). A restarted service gets the same directory, so it reopens the files
 * its predecessor wrote.
 */
final class EmbeddedStorage {

    /** The system property that selects the H2 files; the database URL itself is the service's own default. */
    Map<String, String> properties() {
        return Map.of("quarkus.profile", "embedded");
    }

    /**
     * {@code <module>/target/embedded/quarkus-app/quarkus-run.jar}, built by the services' {@code embedded}
     * execution of the Quarkus plugin in every {@code package} (and by {@code bin/runfleet}), under
     * {@code runfleet.it.jars-root} if set, else under the repository root.
     */
    static Path serviceJar(String module) {
        return ItPaths.serviceJar(module).getParent().getParent().resolve("embedded/quarkus-app/quarkus-run.jar");
    }
}
