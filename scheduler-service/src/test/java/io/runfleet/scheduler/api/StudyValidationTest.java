package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused study answers 400 with the field and the fix, and leaves nothing stored. */
@QuarkusTest
class StudyValidationTest {

    private static final String YAML = "application/yaml";
    private static final String JSON = "application/json";
    private static final String TEMPLATE = "template: {command: [echo, \"{{ x }}\"]}\n";
    /** A study with stage 0 (x in 1..3), ready for a stages list to follow. */
    private static final String STAGED = """
            name: staged
            parameters: {grid: {x: [1, 2, 3]}}
            template: {command: [echo, "{{ x }}"]}
            stages:
            """;

    @Inject
    AgroalDataSource dataSource;

    static Stream<Arguments> invalidStudies() {
        return Stream.of(
                Arguments.of("unknown field", YAML, """
                        name: typo
                        parameters: {grid: {x: [1]}}
                        template: {comand: [echo]}
                        """, "template.comand", "unknown field 'comand'; did you mean command?; known fields: builtin, command, directory"),
                Arguments.of("unknown field in JSON", JSON, """
                        {"name": "j", "template": {"builtin": "noop"}, "outputs": [{"jsn": "r.json"}]}
                        """, "outputs[0].jsn", "unknown field 'jsn'"),
                Arguments.of("missing name", YAML, "parameters: {grid: {x: [1]}}\n" + TEMPLATE, "name", "missing"),
                Arguments.of("bad name", YAML, "name: 'a b'\n" + TEMPLATE, "name", "is not allowed"),
                Arguments.of("empty grid list", YAML, "name: e\nparameters: {grid: {x: []}}\n" + TEMPLATE,
                        "parameters.grid.x", "empty list"),
                Arguments.of("unknown placeholder in command", YAML, """
                        name: p
                        parameters: {grid: {x: [1]}}
                        template: {command: [sh, run.sh, "{{ y }}"]}
                        """, "template.command[2]", "placeholder {{ y }} names no parameter"),
                Arguments.of("unknown placeholder in file", YAML, """
                        name: p
                        parameters: {grid: {x: [1]}}
                        template: {command: [sh, run.sh], files: {input.txt: "k = {{ k | %.2f }}"}}
                        """, "template.files.input.txt", "placeholder {{ k }} names no parameter"),
                Arguments.of("server-side template directory", YAML, """
                        name: d
                        parameters: {grid: {x: [1]}}
                        template: {command: [echo], directory: /etc}
                        """, "template.directory", "send the files inline as template.files"),
                Arguments.of("negative timeout", YAML, "name: t\nparameters: {grid: {x: [1]}}\n"
                        + "template: {command: [echo], timeout: -5s}\n", "template.timeout", "negative"),
                Arguments.of("zero timeout", YAML, "name: t\nparameters: {grid: {x: [1]}}\n"
                        + "template: {command: [echo], timeout: 0s}\n", "template.timeout", "zero"),
                Arguments.of("zip of different lengths", YAML, "name: z\nparameters: {zip: {x: [1, 2], b: [3]}}\n"
                        + TEMPLATE, "parameters.zip", "same length"),
                Arguments.of("parameter in two components", YAML,
                        "name: d\nparameters: {grid: {x: [1]}, constants: {x: 2}}\n" + TEMPLATE,
                        "parameters.constants.x", "also defined in parameters.grid"),
                Arguments.of("no command and no builtin", YAML, "name: n\ntemplate: {shell: false}\n",
                        "template.command", "no command and no builtin"),
                Arguments.of("bad regex", YAML, "name: r\n" + TEMPLATE.replace("x }}", "run.id }}")
                        + "outputs: [{regex: 'energy=(?<energy>\\S+'}]\n", "outputs[0].regex",
                        "not a valid regular expression"),
                Arguments.of("unknown table reduction", YAML, "name: r\n" + TEMPLATE.replace("x }}", "run.id }}")
                        + "outputs: [{table: t.txt, column: loss, reduce: median}]\n", "outputs[0].reduce",
                        "'median' is not a reduction; give one of last, max, mean, min"),
                Arguments.of("hdf5 without datasets", YAML, "name: h\n" + TEMPLATE.replace("x }}", "run.id }}")
                        + "outputs: [{hdf5: r.h5}]\n", "outputs[0].datasets", "datasets: {energy: /results/energy}"),
                Arguments.of("maxParallel below 1", YAML, "name: m\ntemplate: {builtin: noop}\n"
                        + "policy: {maxParallel: 0}\n", "policy.maxParallel", "1 or more"),
                Arguments.of("negative retries", YAML, "name: m\ntemplate: {builtin: noop}\n"
                        + "policy: {retries: -1}\n", "policy.retries", "negative"),
                Arguments.of("wrong type", YAML, "name: m\ntemplate: {builtin: noop}\n"
                        + "policy: {maxParallel: many}\n", "policy.maxParallel", "expected an integer"),
                Arguments.of("zero runs", YAML, "name: zero\nparameters: {points: []}\ntemplate: {builtin: noop}\n",
                        "parameters", "zero runs"),
                Arguments.of("too many runs", YAML, "name: big\nparameters: {grid: {a: " + range(1000) + ", b: "
                        + range(1000) + "}}\ntemplate: {builtin: noop}\n", "parameters",
                        "more than the limit of 200000"),
                Arguments.of("stage placeholder names an output it does not use", YAML, STAGED + """
                          - name: refine
                            uses: [y]
                            template: {command: [sh, -c, "echo {{ y }} {{ w }}"]}
                        """, "stages[0].template.command[2]", "placeholder {{ w }} names no parameter"),
                Arguments.of("stage parameter named like an earlier one", YAML, STAGED + """
                          - name: refine
                            parameters: {grid: {x: [5]}}
                            template: {builtin: noop}
                        """, "stages[0].parameters.grid.x", "already a parameter of an earlier stage"),
                Arguments.of("stage parameter named like a used output", YAML, STAGED + """
                          - name: refine
                            parameters: {constants: {y: 1}}
                            uses: [y]
                            template: {builtin: noop}
                        """, "stages[0].parameters.constants.y", "named like an output this stage uses"),
                Arguments.of("used output named like an earlier parameter", YAML, STAGED + """
                          - name: refine
                            uses: [x]
                            template: {builtin: noop}
                        """, "stages[0].uses[0]", "named like a parameter of an earlier stage"),
                Arguments.of("stage without template", YAML, STAGED + """
                          - name: refine
                        """, "stages[0].template", "missing"),
                Arguments.of("two stages of one name", YAML, STAGED + """
                          - {name: refine, template: {builtin: noop}}
                          - {name: refine, template: {builtin: noop}}
                        """, "stages[1].name", "another stage is also called 'refine'"),
                Arguments.of("stage named like stage 0", YAML, STAGED + """
                          - {name: main, template: {builtin: noop}}
                        """, "stages[0].name", "names the study's own runs"),
                Arguments.of("maxParallel in a stage", YAML, STAGED + """
                          - {name: refine, template: {builtin: noop}, policy: {maxParallel: 2}}
                        """, "stages[0].policy.maxParallel", "one limit for the whole study"),
                Arguments.of("negative retries in a stage", YAML, STAGED + """
                          - {name: refine, template: {builtin: noop}, policy: {retries: -2}}
                        """, "stages[0].policy.retries", "negative"),
                Arguments.of("stages that could make too many runs", YAML, STAGED + """
                          - name: refine
                            parameters: {grid: {a: %s, b: %s}}
                            template: {builtin: noop}
                        """.formatted(range(300), range(300)), "stages", "more than the limit of 200000"),
                Arguments.of("launch memory not a size", YAML, "name: l\ntemplate: {builtin: noop}\n"
                        + "launch: {containers: {image: localhost/sim, memory: lots}}\n", "launch.containers.memory",
                        "write a whole number with k, m or g, e.g. 512m or 2g"),
                Arguments.of("launch of both kinds", YAML, "name: l\ntemplate: {builtin: noop}\n"
                        + "launch: {local: {}, containers: {image: i}}\n", "launch", "give exactly one of local"),
                Arguments.of("broken YAML", YAML, "name: x\ntemplate: {builtin: noop\n", "template", "not valid YAML"),
                Arguments.of("broken JSON", JSON, "{\"name\": ", "(document)", "not valid JSON"),
                Arguments.of("a format that does not fit some values", YAML, """
                        name: f
                        parameters: {grid: {k: [0.5, 1, 2]}, constants: {tag: run}}
                        template: {command: [echo, "{{ k | %.3f }}"], environment: {T: "{{ tag | %5.1f }}"}}
                        """, "template.environment.T", "tag has 1 text value: 'run'"),
                Arguments.of("a format that does not fit a built-in name", YAML, """
                        name: f
                        template: {command: [echo, "{{ run.id | %d }}"]}
                        """, "template.command[1]", "format '%d' does not fit the value run of {{ run.id }}"),
                Arguments.of("a format that does not fit a later stage's values", YAML, STAGED + """
                          - name: refine
                            parameters: {grid: {y: [1.5, 2]}}
                            template: {command: [echo, "{{ x | %.2e }}", "{{ y | %x }}"]}
                        """, "stages[0].template.command[2]", "'%x' needs a whole number, and 1.5 is not one"));
    }

    private static String range(int n) {
        return Stream.iterate(0, i -> i + 1).limit(n).map(String::valueOf).toList().toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidStudies")
    void isRefusedWithTheFieldAndNothingIsStored(String title, String contentType, String document, String field,
                                                 String message) throws SQLException {
        long studiesBefore = count("scheduler.study");
        long runsBefore = count("scheduler.run");

        JsonPath answer = given().contentType(contentType).body(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400).contentType(JSON).extract().jsonPath();

        assertThat(answer.getString("error")).isEqualTo("invalid study");
        List<Map<String, String>> problems = answer.getList("problems");
        assertThat(problems).as(problems.toString())
                .anySatisfy(problem -> {
                    assertThat(problem.get("field")).isEqualTo(field);
                    assertThat(problem.get("message")).contains(message);
                });
        assertThat(count("scheduler.study")).isEqualTo(studiesBefore);
        assertThat(count("scheduler.run")).isEqualTo(runsBefore);
    }

    /** Three typos are one answer, not three submissions; each names its field and the field it was meant to be. */
    @org.junit.jupiter.api.Test
    void everyUnknownFieldIsInOneAnswer() throws SQLException {
        long studiesBefore = count("scheduler.study");

        JsonPath answer = given().contentType(YAML).body("""
                        name: typos
                        parameters: {grid: {x: [1, 2]}}
                        template: {comand: [echo, "{{ x }}"]}
                        outputs: [{jsn: result.json}]
                        polcy: {maxParallel: 2}
                        """.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400).contentType(JSON).extract().jsonPath();

        assertThat(answer.getList("problems.field", String.class))
                .containsExactly("template.comand", "outputs[0].jsn", "polcy");
        assertThat(answer.getList("problems.message", String.class)).satisfiesExactly(
                message -> assertThat(message).contains("did you mean command?"),
                message -> assertThat(message).contains("did you mean json?"),
                message -> assertThat(message).contains("did you mean policy?"));
        assertThat(count("scheduler.study")).isEqualTo(studiesBefore);
    }

    private long count(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
