package io.runfleet.agent.execution;

import io.runfleet.agent.output.FileReference;
import io.runfleet.wire.KeptFile;
import io.runfleet.wire.KeptFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * References to the files a run left in its directory: relative path, size and SHA-256, hashed while streaming
 * through a small buffer, so that a 2 GB file costs a few seconds of CPU and no heap. The content itself never
 * leaves the disk: results carry the references only.
 */
final class KeptFileIndex {

    private final int maxFiles;

    KeptFileIndex(int maxFiles) {
        this.maxFiles = maxFiles;
    }

    /**
     * The references of every regular file under {@code runDir}, in path order; beyond {@code maxFiles} files the
     * rest are counted as omitted, not hashed. Symbolic links are not followed: a link could point at anything on
     * the host, which is not the run's output.
     *
     * @throws IOException when a file cannot be read; the message names it
     */
    KeptFiles of(Path runDir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(runDir)) {
            paths = walk.filter(Files::isRegularFile).map(runDir::relativize)
                    .sorted(java.util.Comparator.comparing(KeptFileIndex::slashed)).toList();
        }
        List<KeptFile> files = new ArrayList<>(Math.min(paths.size(), maxFiles));
        int omitted = 0;
        for (Path relative : paths) {
            if (files.size() >= maxFiles) {
                omitted++;
                continue;
            }
            Path file = runDir.resolve(relative);
            try {
                files.add(FileReference.of(file, slashed(relative)));
            } catch (NoSuchFileException gone) {
                // removed after the listing (a background process of the run cleaning up): nothing to report
            }
        }
        return new KeptFiles(runDir.toAbsolutePath().toString(), files, omitted);
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
