package io.runfleet.scheduler.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.StudyReader;
import java.io.IOException;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The pool of a study's runs: {@link Launch#poolOf} when its submitted document has a top-level {@code launch}
 * section, none otherwise. Read once when a study is loaded ({@link StoredStudy#pool()}, kept by the scheduler's
 * study cache), never per run. The document is only scanned for the key, its values skipped unread.
 */
// TODO(launch): when study.Launch is read from the document, take the pool from that reading instead of the scan
final class StudyPool {

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(largeDocuments()).build();
    private static final String LAUNCH = "launch";

    private StudyPool() {
    }

    /** {@code document} as stored with its {@code contentType}; null (a row written before documents) has no pool. */
    static Optional<String> of(String studyId, String document, String contentType) {
        if (document == null || document.isEmpty()) {
            return Optional.empty();
        }
        // a row from before content types were stored may hold YAML, which reads JSON as well
        JsonFactory factory = contentType == null || StudyReader.isYaml(contentType) ? YAML : JSON;
        try (JsonParser parser = factory.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                parser.nextToken();
                if (LAUNCH.equals(field)) {
                    return parser.currentToken() == JsonToken.VALUE_NULL ? Optional.empty()
                            : Optional.of(Launch.poolOf(studyId));
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UnreadableRow("study " + studyId + " has an unreadable document", e);
        }
    }

    /** SnakeYAML stops at 3 MB by default; inlined template files may make a study larger than that. */
    private static LoaderOptions largeDocuments() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return options;
    }
}
