package io.runfleet.cli.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Replaces {@code template.directory} by its files in {@code template.files} (relative path with
 * {@code /} to UTF-8 content). Files given inline in {@code template.files} win over files of the
 * same path in the directory, so a study can override one file of a shared template.
 */
final class TemplateDirectoryInliner {

    /** Every run request carries the template: 4 MiB keeps messages and the database rows sane. */
    static final long DEFAULT_LIMIT_BYTES = 4L * 1024 * 1024;

    private static final String FIELD = "template.directory";

    private final long limitBytes;

    TemplateDirectoryInliner(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void inline(ObjectNode study, Path baseDirectory) {
        JsonNode template = study.get("template");
        if (template == null || !template.isObject() || !template.has("directory")) {
            return;
        }
        ObjectNode templateNode = (ObjectNode) template;
        JsonNode directoryNode = templateNode.get("directory");
        if (!directoryNode.isTextual() || directoryNode.asText().isBlank()) {
            throw invalid("must be a path to a directory, relative to the study file, e.g. 'template'");
        }
        Path directory = baseDirectory.resolve(directoryNode.asText()).normalize();
        Map<String, String> files = readAll(directory);

        JsonNode inline = templateNode.get("files");
        if (inline != null && !inline.isNull() && !inline.isObject()) {
            throw new CliException("template.files: must map relative paths to file contents", ExitCodes.USAGE);
        }
        ObjectNode merged = templateNode.objectNode();
        files.forEach(merged::put);
        if (inline != null && inline.isObject()) {
            inline.fields().forEachRemaining(entry -> merged.set(entry.getKey(), entry.getValue()));
        }
        templateNode.remove("directory");
        templateNode.set("files", merged);
    }

    private Map<String, String> readAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw invalid("'" + directory + "' is not a directory; give a path relative to the study file's folder");
        }
        List<Path> regularFiles = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).sorted().forEach(regularFiles::add);
        } catch (IOException e) {
            throw invalid("cannot list '" + directory + "': " + e.getMessage());
        }
        long total = 0;
        for (Path file : regularFiles) {
            total += sizeOf(file);
        }
        if (total > limitBytes) {
            throw invalid("'" + directory + "' holds " + mebibytes(total) + " in " + regularFiles.size()
                    + " files, over the limit of " + mebibytes(limitBytes) + "; keep large inputs out of the "
                    + "template (put them on a path the agents can read and pass that path as a parameter)");
        }
        Map<String, String> files = new TreeMap<>();
        for (Path file : regularFiles) {
            String relative = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            files.put(relative, readText(file, relative));
        }
        if (files.isEmpty()) {
            throw invalid("'" + directory + "' holds no files; add the template files or remove template.directory");
        }
        return files;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw invalid("cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static String readText(Path file, String relative) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("file '" + relative + "' is not UTF-8 text; a template holds text files only "
                    + "(convert it, or stage binary inputs outside the template)");
        } catch (IOException e) {
            throw invalid("cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static CliException invalid(String message) {
        return new CliException(FIELD + ": " + message, ExitCodes.USAGE);
    }
}
