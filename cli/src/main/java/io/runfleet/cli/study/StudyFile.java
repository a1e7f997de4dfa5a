package io.runfleet.cli.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A study document read from disk and made self-contained: a {@code template.directory} is inlined
 * into {@code template.files}, so that agents on other machines need no shared file system, and a
 * {@code parameters.csvFile} into {@code parameters.csv}, since the scheduler reads no files.
 * Everything else is left for the scheduler to validate.
 */
public final class StudyFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode document;

    private StudyFile(ObjectNode document) {
        this.document = document;
    }

    public static StudyFile load(Path file) {
        return load(file, TemplateDirectoryInliner.DEFAULT_LIMIT_BYTES);
    }

    static StudyFile load(Path file, long templateLimitBytes) {
        ObjectNode document = read(file);
        Path baseDirectory = file.toAbsolutePath().getParent();
        new TemplateDirectoryInliner(templateLimitBytes).inline(document, baseDirectory);
        new PointsCsvInliner(PointsCsvInliner.DEFAULT_LIMIT_BYTES).inline(document, baseDirectory);
        return new StudyFile(document);
    }

    public ObjectNode document() {
        return document;
    }

    public String name() {
        return document.path("name").asText("");
    }

    /** The document as JSON, the body submitted to the scheduler. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed study always serialises", e);
        }
    }

    private static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("no study file at " + file.toAbsolutePath(), ExitCodes.USAGE, e);
        } catch (IOException e) {
            throw new CliException("cannot read the study file " + file + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
        // JSON is YAML too; a .json name only selects the stricter parser for clearer messages.
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException("the study file " + file + " is not valid "
                    + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
                    + locationOf(e), ExitCodes.USAGE, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new CliException("the study file " + file + " must hold a mapping with name, parameters, template, "
                    + "outputs and policy (see examples/heat/study.yaml)", ExitCodes.USAGE);
        }
        return (ObjectNode) tree;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
