package io.runfleet.agent.execution;

import io.runfleet.wire.RunRequest;
import io.runfleet.wire.template.RunRendering;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names, creates and removes run directories: {@code <work-dir>/<studyId>/<seq>-<runId>-a<attempt>}. */
public class RunDirectories {

    /** Ids become directory names, so they must not be able to climb out of the work directory. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path workDir;

    public RunDirectories(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public Path pathOf(RunRequest request) throws RunSetupException {
        String study = safeId("studyId", request.studyId());
        String run = safeId("runId", request.runId());
        return workDir.resolve(RunRendering.runDirectoryName(study, request.seq(), run, request.attempt()));
    }

    /** A fresh, empty directory: what an earlier delivery of the same attempt left behind is removed. */
    public Path create(RunRequest request) throws RunSetupException, IOException {
        Path dir = pathOf(request);
        if (Files.exists(dir)) {
            delete(dir);
        }
        return Files.createDirectories(dir);
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
