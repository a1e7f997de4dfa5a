package io.runfleet.scheduler.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads a template directory into relative path -> content, as the CLI does before submitting. */
final class TemplateDirectory {

    private TemplateDirectory() {
    }

    /**
     * @throws IllegalArgumentException naming why the directory cannot be used
     */
    static Map<String, String> read(String directory, int maxBytes) {
        Path root = Path.of(directory);
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new IllegalArgumentException("'" + directory + "' is not a directory the scheduler can read; "
                    + "inline the files with template.files (the runfleet CLI does this for you)");
        }
        Map<String, String> files = new LinkedHashMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> regular = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : regular) {
                total += Files.size(file);
                if (total > maxBytes) {
                    throw new IllegalArgumentException("'" + directory + "' holds more than " + maxBytes
                            + " bytes; template files travel in every run request, so keep large inputs "
                            + "on a shared file system and name them in the command");
                }
                String relative = root.relativize(file).toString().replace('\\', '/');
                files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read '" + directory + "': " + e.getMessage()
                    + "; template files must be UTF-8 text, or inline them with template.files");
        }
        return files;
    }
}
