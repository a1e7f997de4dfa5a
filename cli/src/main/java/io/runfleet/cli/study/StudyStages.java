package io.runfleet.cli.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;

/** The stage names of a stored study document: {@code main} (stage 0), then each {@code stages[i].name}. */
public final class StudyStages {

    /** JSON is YAML too: one parser reads a document stored in either. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StudyStages() {
    }

    /** @param document the document as {@code GET /studies/{id}/document} returns it */
    public static List<String> of(String document) {
        List<String> names = new ArrayList<>(List.of("main"));
        JsonNode tree;
        try {
            tree = YAML.readTree(document);
        } catch (JsonProcessingException e) {
            // The scheduler accepted it, so it parses; should it not, "main" is all that is known.
            return names;
        }
        if (tree != null) {
            tree.path("stages").forEach(stage -> names.add(stage.path("name").asText()));
        }
        return names;
    }
}
