package io.runfleet.scheduler.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runfleet.scheduler.api.ErrorBody;
import io.runfleet.scheduler.api.ErrorMappers;
import io.runfleet.scheduler.api.InvalidExtensionException;
import io.runfleet.scheduler.study.InvalidStudyException;
import io.runfleet.scheduler.study.Problem;
import io.runfleet.scheduler.study.StudyDocument;
import io.runfleet.scheduler.study.StudyReader;
import io.runfleet.scheduler.study.StudyValidator;
import io.runfleet.scheduler.study.TemplateDocument;
import io.runfleet.scheduler.study.ValidatedStudy;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.WireCodec;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * What {@code POST /studies} and {@code POST /studies/{id}/extend} do with a body before the database: the calls of
 * {@code StudyService.submit} and {@code StudyGrowth.extend} (read, validate), then what {@code StudyWriter} does
 * with each point (JSON and parameter hash). A refusal is checked as the REST answer {@link ErrorMappers} makes.
 * Any other exception escapes to the caller: through REST it would be a 500.
 */
final class StudySubmission {

    /**
     * The service's limits except the number of runs, kept small so that expanding an accepted study stays cheap;
     * the limit's own check is the same code whatever its value.
     */
    static final long MAX_RUNS = 5_000;
    private static final int MAX_TEMPLATE_BYTES = 8 * 1024 * 1024;
    private static final StudyValidator VALIDATOR = new StudyValidator(MAX_RUNS, MAX_TEMPLATE_BYTES, false);
    private static final ErrorMappers MAPPERS = new ErrorMappers();
    /** As {@code StudyGrowth}: an extension is validated as a study of its parameters alone. */
    private static final TemplateDocument NO_TEMPLATE =
            new TemplateDocument(null, null, null, null, "noop", null, null, null);
    /** Where a problem may point besides a field of the document: the document as a whole. */
    private static final String WHOLE_DOCUMENT = "(document)";
    private static final Set<String> STUDY_FIELDS = Set.of("name", "parameters", "template", "outputs", "policy",
            "stages", "launch");

    private StudySubmission() {
    }

    /** The accepted study, or null when refused with a 400 whose every problem names where in the body. */
    static ValidatedStudy submit(byte[] body, boolean yaml) {
        ValidatedStudy study;
        try {
            study = VALIDATOR.validate(StudyReader.read(StudyReader.text(body), yaml));
        } catch (InvalidStudyException e) {
            assertNamesFields(MAPPERS.invalidStudy(e), "invalid study");
            return null;
        }
        assertUtf8(body);
        assertStorable(study);
        return study;
    }

    /** The extension's points, or null when refused as {@code StudyGrowth} refuses them. */
    static ValidatedStudy extend(byte[] body, boolean yaml) {
        ValidatedStudy points;
        try {
            var extension = StudyReader.readExtension(StudyReader.text(body), yaml);
            if (extension.parameters() == null) {
                return null;
            }
            points = VALIDATOR.validate(new StudyDocument("extension", extension.parameters(), NO_TEMPLATE, null,
                    null, null, null));
        } catch (InvalidStudyException e) {
            assertNamesFields(MAPPERS.invalidExtension(new InvalidExtensionException(e.problems())),
                    "invalid extension");
            return null;
        }
        assertUtf8(body);
        assertStorable(points);
        return points;
    }

    /**
     * A refusal names where: the document as a whole, a field of the format, an unknown key, or the path at which a
     * YAML alias stands (wherever it is, known key or not: the alias itself is what is refused).
     */
    private static void assertNamesFields(Response response, String error) {
        assertThat(response.getStatus()).isEqualTo(400);
        ErrorBody body = (ErrorBody) response.getEntity();
        assertThat(body.error()).isEqualTo(error);
        assertThat(body.problems()).as("a refusal says what is wrong").isNotEmpty();
        for (Problem problem : body.problems()) {
            assertThat(problem.message()).as("message of %s", problem.field()).isNotBlank();
            assertThat(problem.field()).isNotEmpty();
            String first = problem.field().split("[.\\[]", 2)[0];
            assertThat(problem.field().equals(WHOLE_DOCUMENT) || STUDY_FIELDS.contains(first)
                    || problem.message().startsWith("unknown field '") || problem.message().startsWith("YAML alias *"))
                    .as("field '%s' points into the document (%s)", problem.field(), problem.message()).isTrue();
        }
    }

    /** A body that is not UTF-8 would be stored with replacement characters in place of what the user wrote. */
    private static void assertUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new AssertionError("accepted a body that is not UTF-8", e);
        }
    }

    /**
     * What storing needs of an accepted study: as many points as it counts, within the limit, each written as JSON
     * and hashed; the run spec and the stages written as JSON.
     */
    private static void assertStorable(ValidatedStudy study) {
        assertThat(study.runCount()).isBetween(1L, MAX_RUNS);
        long points = 0;
        for (Map<String, Object> point : study.space()) {
            json(point);
            assertThat(ParamHash.of(point)).hasSize(40);
            points++;
        }
        assertThat(points).as("points expanded").isEqualTo(study.runCount());
        json(study.spec());
        json(study.stages());
    }

    private static void json(Object value) {
        try {
            WireCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError("an accepted study holds a value that cannot be stored: " + value, e);
        }
    }
}
