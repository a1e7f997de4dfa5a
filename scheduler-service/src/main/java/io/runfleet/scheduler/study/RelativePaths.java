package io.runfleet.scheduler.study;

import java.nio.file.Path;

/** Checks that a path a study gives stays inside the run directory. */
final class RelativePaths {

    private RelativePaths() {
    }

    /** Adds a problem unless {@code path} is relative and has no {@code ..} that leaves the run directory. */
    static void check(Problems problems, String field, String path) {
        Path parsed;
        try {
            parsed = Path.of(path).normalize();
        } catch (RuntimeException e) {
            problems.add(field, "'" + path + "' is not a file path");
            return;
        }
        if (path.isBlank() || parsed.isAbsolute() || path.startsWith("/") || parsed.startsWith("..")) {
            problems.add(field, "'" + path + "' must be a path relative to the run directory, without ..");
        }
    }
}
