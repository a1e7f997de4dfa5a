package io.runfleet.agent.execution;

import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.template.RunRendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Names, creates and removes run directories: {@code <work-dir>/<studyId>/<seq>-<runId>-a<attempt>}.
 * <p>
 * A directory this agent did not create is never deleted: a work directory may be shared (several agents given the
 * same {@code work-dir}), and a directory of the same name may belong to another agent executing the same attempt, or
 * hold what an earlier delivery left. Each attempt's directory is therefore created atomically, and when its name is
 * taken the attempt gets the next free {@code <name>.2}, {@code <name>.3}, ... instead; the one taken is left alone.
 */
public class RunDirectories {

    /** Ids become directory names, so they must not be able to climb out of the work directory. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    /**
     * Names tried for one attempt at most: far more than deliveries of one attempt ever reach one work directory,
     * while a directory that is not writable in a way that looks like "taken" still ends in an error.
     */
    private static final int MAX_NAMES = 1_000;
    private static final Logger LOG = Logger.getLogger(RunDirectories.class);

    private final Path workDir;

    public RunDirectories(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public Path pathOf(RunRequest request) throws RunSetupException {
        String study = safeId("studyId", request.studyId());
        String run = safeId("runId", request.runId());
        return workDir.resolve(RunRendering.runDirectoryName(study, request.seq(), run, request.attempt()));
    }

    /**
     * A fresh, empty directory created by this call: {@link #pathOf} when that name is free, else the first free
     * {@code <name>.<n>}. What holds a taken name is left as it is.
     */
    public Path create(RunRequest request) throws RunSetupException, IOException {
        Path dir = pathOf(request);
        Files.createDirectories(dir.getParent());
        for (int n = 1; n <= MAX_NAMES; n++) {
            Path candidate = n == 1 ? dir : dir.resolveSibling(dir.getFileName() + "." + n);
            try {
                // atomic: of two agents creating the same name, exactly one succeeds
                Path created = Files.createDirectory(candidate);
                if (n > 1) {
                    LOG.infof("%s: %s exists (another agent's, or an earlier delivery's) and is left alone; "
                            + "this attempt runs in %s", request.ref(), dir, created);
                }
                return created;
            } catch (FileAlreadyExistsException taken) {
                // someone else's: try the next name
            }
        }
        throw new IOException(dir + " and " + (MAX_NAMES - 1) + " further names for it (" + dir.getFileName()
                + ".2 ...) all exist; remove old run directories from " + workDir);
    }

    public void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(RunDirectories::deleteOne);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safeId(String field, String value) throws RunSetupException {
        if (value == null || !SAFE_ID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new RunSetupException(field + " '" + value + "' cannot name a directory; ids may hold "
                    + "only letters, digits, '.', '_' and '-'");
        }
        return value;
    }
}
