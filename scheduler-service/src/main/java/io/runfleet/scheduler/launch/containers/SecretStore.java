package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How an agent container gets its credential files (its CurveZMQ key file, a broker password file) without them in
 * the image, its environment or its command line.
 */
interface SecretStore {

    /** Where a container sees its secret files: one file per configuration property. */
    String TARGET_DIRECTORY = "/run/secrets/runfleet/";

    /**
     * Makes the files available to the container about to be created under {@code container}. On failure whatever it
     * made is removed again.
     *
     * @param files configuration property to the secret file on this machine
     */
    Mounted mount(String container, Map<String, Path> files) throws LaunchException;

    /** Removes what {@link #mount} made for {@code container}; nothing made, nothing done. */
    void remove(String container) throws LaunchException;

    /** The path inside the container of the secret set by {@code property}. */
    static String target(String property) {
        return TARGET_DIRECTORY + Names.safe(property);
    }

    /**
     * @param runArguments the options of {@code run} that mount them
     * @param paths        configuration property to the path where the agent reads the file
     */
    record Mounted(List<String> runArguments, Map<String, String> paths) {

        public Mounted {
            runArguments = List.copyOf(runArguments);
            paths = Map.copyOf(paths);
        }
    }
}
