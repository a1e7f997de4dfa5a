package io.runfleet.cli.launch;

import java.nio.file.Path;

/**
 * Logs of a stack that stays up: each JVM (services and agents are Quarkus applications) writes its own log file and
 * rotates it, so a stack that runs for weeks keeps a bounded amount of log. The console handler is off: a redirect of
 * standard output could not rotate, so it keeps only what a JVM prints outside its logging (a crash, a failed start).
 *
 * @param maxFileSize  Quarkus' size syntax, e.g. {@code 10M}
 * @param backups      how many rotated files to keep beside the current one
 */
public record LogRotation(String maxFileSize, int backups) {

    public static final LogRotation DEFAULT = new LogRotation("10M", 5);

    /** Adds the logging properties that make the JVM of {@code command} write {@code logFile}, rotated. */
    public JavaCommand apply(JavaCommand command, Path logFile) {
        return command.property("quarkus.log.console.enabled", false)
                .property("quarkus.log.file.enabled", true)
                .property("quarkus.log.file.path", logFile)
                .property("quarkus.log.file.rotation.max-file-size", maxFileSize)
                .property("quarkus.log.file.rotation.max-backup-index", backups)
                // a restarted process goes on in the file the last one wrote, rotating by size only
                .property("quarkus.log.file.rotation.rotate-on-boot", false);
    }
}
