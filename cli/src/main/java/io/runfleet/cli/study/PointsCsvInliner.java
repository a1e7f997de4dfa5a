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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replaces {@code parameters.csvFile} (a CSV file relative to the study file) by its text in
 * {@code parameters.csv}, so that the scheduler, which reads no files, gets the points inline.
 * The scheduler parses and checks the CSV itself.
 */
final class PointsCsvInliner {

    /**
     * The study travels in one request: with a template directory of up to 4 MiB, this keeps it
     * within the scheduler's 10 MiB request limit.
     */
    static final long DEFAULT_LIMIT_BYTES = 4L * 1024 * 1024;

    private static final String FIELD = "parameters.csvFile";

    private final long limitBytes;

    PointsCsvInliner(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void inline(ObjectNode study, Path baseDirectory) {
        JsonNode parameters = study.get("parameters");
        if (parameters == null || !parameters.isObject() || !parameters.has("csvFile")) {
            return;
        }
        ObjectNode parametersNode = (ObjectNode) parameters;
        JsonNode fileNode = parametersNode.get("csvFile");
        if (!fileNode.isTextual() || fileNode.asText().isBlank()) {
            throw invalid("must be the path of a CSV file, relative to the study file, e.g. 'points.csv'");
        }
        if (parametersNode.has("csv")) {
            throw invalid("give either parameters.csv (the CSV text) or parameters.csvFile (a file), not both");
        }
        String csv = read(baseDirectory.resolve(fileNode.asText()).normalize());
        parametersNode.remove("csvFile");
        parametersNode.put("csv", csv);
    }

    private String read(Path file) {
        if (Files.isDirectory(file)) {
            throw invalid("'" + file + "' is a directory; give the CSV file's path relative to the study file");
        }
        try {
            long size = Files.size(file);
            if (size > limitBytes) {
                throw invalid("'" + file + "' holds " + mebibytes(size) + ", over the limit of " + mebibytes(limitBytes)
                        + "; split the points into several studies");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw invalid("no file at '" + file + "'; give a path relative to the study file's folder");
        } catch (CharacterCodingException e) {
            throw invalid("'" + file + "' is not UTF-8 text; save the CSV as UTF-8");
        } catch (IOException e) {
            throw invalid("cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static CliException invalid(String message) {
        return new CliException(FIELD + ": " + message, ExitCodes.USAGE);
    }
}
