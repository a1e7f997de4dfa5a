package io.runfleet.scheduler.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever body {@code POST /studies} (or {@code /extend}) receives, the study is accepted and can be stored, or
 * refused with a 400 whose every problem names a field of the document: never a 500, never a study that fails
 * while its runs are stored. See {@link StudySubmission} for what "accepted" and "refused" check.
 */
class StudySubmissionFuzzTest {

    private static final List<JsonNode> SEEDS = SeedStudies.all();

    /** The seeds are studies the service accepts, so that the mutations start from a valid study. */
    @Example
    void everySeedButTheOneWithAServerSideDirectoryIsAccepted() {
        long accepted = SEEDS.stream()
                .filter(seed -> StudySubmission.submit(bytes(seed.toString()), false) != null)
                .count();

        assertThat(accepted).isEqualTo(SEEDS.size() - 1);
    }

    @Property(tries = 1000)
    void mutatedStudiesAreAcceptedOrRefusedNamingAField(@ForAll("seeds") JsonNode seed,
                                                        @ForAll("mutations") StudyMutation mutation,
                                                        @ForAll boolean yaml) {
        byte[] body = mutation.apply(seed, yaml);

        StudySubmission.submit(body, yaml);
    }

    @Property(tries = 500)
    void mutatedExtensionsAreAcceptedOrRefusedNamingAField(@ForAll("seeds") JsonNode seed,
                                                           @ForAll("mutations") StudyMutation mutation,
                                                           @ForAll boolean yaml) {
        JsonNode extension = StudyMutation.JSON.createObjectNode().set("parameters", seed.path("parameters"));
        byte[] body = mutation.apply(extension, yaml);

        StudySubmission.extend(body, yaml);
    }

    @Property(tries = 500)
    void randomDocumentsAreAcceptedOrRefusedNamingAField(@ForAll("documents") JsonNode document,
                                                         @ForAll boolean yaml) {
        StudySubmission.submit(StudyMutation.written(document, yaml), yaml);
    }

    @Property(tries = 1000)
    void randomTextIsRefusedNamingAField(@ForAll("text") String text, @ForAll boolean yaml) {
        StudySubmission.submit(bytes(text), yaml);
    }

    @Property(tries = 500)
    void randomBytesAreRefusedNamingAField(@ForAll @Size(max = 400) byte[] body, @ForAll boolean yaml) {
        StudySubmission.submit(body, yaml);
    }

    @Provide
    Arbitrary<JsonNode> seeds() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<StudyMutation> mutations() {
        return StudyMutations.any();
    }

    /** Mappings of the study's own keys (and others) to values of any kind: documents shaped like a study. */
    @Provide
    Arbitrary<JsonNode> documents() {
        return Arbitraries.maps(StudyValues.keys(), StudyValues.any()).ofMaxSize(6)
                .map(fields -> StudyMutation.JSON.createObjectNode().setAll(fields));
    }

    /** Text that is barely a document: YAML's tags, anchors, aliases, several documents, tabs, odd scalars. */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of("", "---", "~", "null", "[]", "[1, 2]", "42", "\"name\"", "name:", "name: [",
                        "name: !!binary aGVsbG8=", "name: !!java.lang.Object {}", "!!set {a, b}",
                        "name: &a x\ntemplate: *a", "a: &a [*a]", "<<: {name: m}\ntemplate: {builtin: noop}",
                        "name: a\n---\nname: b", "name: a\n\ttemplate: {}", "name: a\nname: b",
                        "{\"name\": \"a\", \"name\": \"b\"}", "{\"name\": \"a\"} trailing", "\uFEFFname: bom",
                        "name: x\ntemplate: {builtin: noop}\nparameters: {grid: {x: [.nan, .inf, -.inf]}}",
                        "name: x\ntemplate: {builtin: noop}\nparameters: {sample: {method: sobol, budget: 1e3,"
                                + " dimensions: {x: {float: [.nan, 1]}}}}"),
                Arbitraries.of("name", "parameters", "template", "{", "[", ":", "-", "&a", "*a", "!!str", "\n", " ",
                        "{{ x }}", "\"", "'").list().ofMaxSize(30).map(tokens -> String.join("", tokens)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
