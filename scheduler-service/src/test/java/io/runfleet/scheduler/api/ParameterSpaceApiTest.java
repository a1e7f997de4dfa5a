package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nested spaces, value helpers, CSV points and samplers over the REST API: every mistake answers 400 naming the field
 * and the fix and stores nothing; null values are stored and listed as null.
 */
@QuarkusTest
class ParameterSpaceApiTest {

    private static final String YAML = "application/yaml";
    private static final String JSON = "application/json";
    private static final String NOOP = "template: {builtin: noop}\n";

    @Inject
    AgroalDataSource dataSource;

    private static Arguments invalid(String title, String parameters, String field, String message) {
        return Arguments.of(title, "name: p\n" + NOOP + "parameters:\n" + parameters.indent(2), field, message);
    }

    private static String sample(String body) {
        return "sample: {" + body + "}";
    }

    static Stream<Arguments> invalidSpaces() {
        return Stream.of(
                invalid("top-level zip of different lengths", "zip: {x: [1, 2], b: [3]}",
                        "parameters.zip", "lists have different lengths {x=2, b=1}"),
                invalid("nested zip of different lengths",
                        "space: {product: [{grid: {c: [1]}}, {zip: {a: [1, 2], b: [x, y, z]}}]}",
                        "parameters.space.product[1].zip", "lists have different lengths {a=2, b=3}"),
                invalid("zip whose helper gives another length", "zip: {a: {range: [3]}, b: [x, y]}",
                        "parameters.zip", "{a=3, b=2}"),
                invalid("two kinds in one node", "space: {zip: {a: [1]}, grid: {b: [2]}}",
                        "parameters.space", "one node holds zip and grid; give exactly one of product, chain"),
                invalid("empty node", "space: {product: [{grid: {a: [1]}}, {}]}",
                        "parameters.space.product[1]", "empty node"),
                invalid("unknown node kind", "space: {prodcut: []}",
                        "parameters.space.prodcut", "unknown field 'prodcut'; did you mean product?; known fields: chain, grid, points, "
                                + "product, sample, zip"),
                invalid("empty product", "space: {product: []}", "parameters.space.product", "empty product"),
                invalid("empty nested grid", "space: {chain: [{grid: {}}]}",
                        "parameters.space.chain[0].grid", "empty; give at least one entry"),
                invalid("parameter twice in a product",
                        "space: {product: [{grid: {a: [1]}}, {grid: {a: [2], b: [3]}}]}",
                        "parameters.space.product[1].grid.a", "also defined in parameters.space.product[0]; each "
                                + "term of a product sets its own parameters (chain joins"),
                invalid("chain terms with other parameters",
                        "space: {chain: [{grid: {a: [1], b: [2]}}, {grid: {a: [3], c: [4]}}]}",
                        "parameters.space.chain[1]", "sets parameters [a, c] but parameters.space.chain[0] sets "
                                + "[a, b]; give every term of a chain the same parameters"),
                invalid("space parameter also in grid", "grid: {a: [1]}\nspace: {zip: {a: [2]}}",
                        "parameters.space.zip.a", "also defined in parameters.grid"),
                invalid("linspace with two arguments", "grid: {x: {linspace: [0, 1]}}",
                        "parameters.grid.x.linspace", "expects three numbers: give [start, stop, num]"),
                invalid("linspace with num 0", "grid: {x: {linspace: [0, 1, 0]}}",
                        "parameters.grid.x.linspace", "num is 0"),
                invalid("linspace with a decimal num", "grid: {x: {linspace: [0, 1, 2.5]}}",
                        "parameters.grid.x.linspace", "num an integer >= 1"),
                invalid("linspace with too many values", "grid: {x: {linspace: [0, 1, 300000]}}",
                        "parameters.grid.x.linspace", "more than the limit of 200000 runs per study"),
                invalid("logspace beyond doubles", "grid: {x: {logspace: [0, 400, 3]}}",
                        "parameters.grid.x.logspace", "keep the exponents between -307 and 308"),
                invalid("range with a decimal step", "zip: {x: {range: [0, 1, 0.1]}}",
                        "parameters.zip.x.range", "for decimal steps use {linspace: [start, stop, num]}"),
                invalid("range with step 0", "grid: {x: {range: [0, 5, 0]}}",
                        "parameters.grid.x.range", "step is 0"),
                invalid("range without values", "grid: {x: {range: [5, 1]}}",
                        "parameters.grid.x.range", "gives no values"),
                invalid("unknown helper", "grid: {x: {linspase: [0, 1, 3]}}",
                        "parameters.grid.x", "unknown helper 'linspase'"),
                invalid("two helpers in one mapping", "grid: {x: {range: [3], linspace: [0, 1, 3]}}",
                        "parameters.grid.x", "must be one helper"),
                invalid("one value where a list belongs", "grid: {x: 5}",
                        "parameters.grid.x", "one value where a list belongs; write [5]"),
                invalid("csv row of the wrong width", "csv: \"a,b\\n1,2\\n3\\n\"",
                        "parameters.csv", "line 3 has 1 values but the header names 2 parameters [a, b]"),
                invalid("csv with an open quote", "csv: \"a\\n\\\"x\\n\"",
                        "parameters.csv", "quoted value that is never closed"),
                invalid("csv without rows", "csv: \"a,b\\n\"", "parameters.csv", "no lines of values"),
                invalid("csv with a bad name", "csv: \"a-b\\n1\\n\"", "parameters.csv", "parameter name 'a-b'"),
                invalid("csv parameter also in grid", "grid: {a: [1]}\ncsv: \"a\\n2\\n\"",
                        "parameters.csv", "also defined in parameters.grid"),
                invalid("csvFile over REST", "csvFile: points.csv",
                        "parameters.csvFile", "submit the study with the runfleet CLI"),
                invalid("sample without method", sample("budget: 3, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.method", "missing; give method: random, lhs, sobol or halton"),
                invalid("unknown sampling method", sample("method: sobel, budget: 3, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.method", "'sobel' is not a sampling method"),
                invalid("budget 0", sample("method: sobol, budget: 0, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.budget", "0 is too small; give 1 or more points"),
                invalid("budget over the run limit",
                        sample("method: sobol, budget: 300000, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.budget", "more than the limit of 200000 runs per study"),
                invalid("batch over the budget",
                        sample("method: sobol, budget: 4, batch: 8, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.batch", "8 is larger than the budget 4"),
                invalid("batch 0", sample("method: sobol, budget: 4, batch: 0, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.batch", "0 is too small"),
                invalid("random without seed", sample("method: random, budget: 4, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.seed", "missing; random sampling draws from a seeded stream"),
                invalid("lhs without seed", sample("method: lhs, budget: 4, dimensions: {x: {float: [0, 1]}}"),
                        "parameters.sample.seed", "add seed: 1"),
                invalid("no dimensions", sample("method: sobol, budget: 4"),
                        "parameters.sample.dimensions", "no dimensions"),
                invalid("unknown dimension kind", sample("method: sobol, budget: 4, dimensions: {x: {flaot: [0, 1]}}"),
                        "parameters.sample.dimensions.x.flaot", "unknown field 'flaot'; did you mean float?; known fields: choice, float, "
                                + "int, log, normal"),
                invalid("two kinds in one dimension",
                        sample("method: sobol, budget: 4, dimensions: {x: {float: [0, 1], int: [0, 1]}}"),
                        "parameters.sample.dimensions.x", "both float and int; give exactly one of"),
                invalid("float lo above hi", sample("method: sobol, budget: 4, dimensions: {x: {float: [2, 1]}}"),
                        "parameters.sample.dimensions.x.float", "lo 2 is not below hi 1"),
                invalid("float bounds not numbers", sample("method: sobol, budget: 4, dimensions: {x: {float: [a, 1]}}"),
                        "parameters.sample.dimensions.x.float", "give [lo, hi] with two numbers"),
                invalid("log with lo 0",
                        sample("method: sobol, budget: 4, dimensions: {x: {float: [0, 1], log: true}}"),
                        "parameters.sample.dimensions.x.log", "log needs lo > 0"),
                invalid("log on int", sample("method: sobol, budget: 4, dimensions: {n: {int: [1, 9], log: true}}"),
                        "parameters.sample.dimensions.n.log", "log applies to float dimensions only"),
                invalid("int bounds decimals", sample("method: sobol, budget: 4, dimensions: {n: {int: [1.5, 9]}}"),
                        "parameters.sample.dimensions.n.int", "two integers"),
                invalid("int lo equals hi", sample("method: sobol, budget: 4, dimensions: {n: {int: [3, 3]}}"),
                        "parameters.sample.dimensions.n.int", "lo 3 is not below hi 3"),
                invalid("empty choice", sample("method: sobol, budget: 4, dimensions: {k: {choice: []}}"),
                        "parameters.sample.dimensions.k.choice", "empty list"),
                invalid("choice helper without values",
                        sample("method: sobol, budget: 4, dimensions: {k: {choice: {range: [0]}}}"),
                        "parameters.sample.dimensions.k.choice.range", "gives no values"),
                invalid("normal sd 0", sample("method: random, seed: 1, budget: 4, dimensions: {z: {normal: [0, 0]}}"),
                        "parameters.sample.dimensions.z.normal", "give a standard deviation > 0"),
                invalid("normal with sobol", sample("method: sobol, budget: 4, dimensions: {z: {normal: [0, 1]}}"),
                        "parameters.sample.dimensions.z.normal", "normal dimensions are for method random and lhs "
                                + "only"),
                invalid("dimension also a constant",
                        sample("method: sobol, budget: 4, dimensions: {x: {float: [0, 1]}}") + "\nconstants: {x: 1}",
                        "parameters.constants.x", "also defined in parameters.sample"),
                invalid("nested sample budget",
                        "space: {product: [{grid: {a: [1]}}, {sample: {method: halton, budget: -1, "
                                + "dimensions: {x: {float: [0, 1]}}}}]}",
                        "parameters.space.product[1].sample.budget", "too small"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpaces")
    void isRefusedWithTheFieldAndNothingIsStored(String title, String document, String field, String message)
            throws SQLException {
        long studiesBefore = count("scheduler.study");

        JsonPath answer = given().contentType(YAML).body(document.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400).contentType(JSON).extract().jsonPath();

        assertThat(answer.getString("error")).isEqualTo("invalid study");
        List<Map<String, String>> problems = answer.getList("problems");
        assertThat(problems).as(problems.toString()).anySatisfy(problem -> {
            assertThat(problem.get("field")).isEqualTo(field);
            assertThat(problem.get("message")).contains(message);
        });
        assertThat(count("scheduler.study")).isEqualTo(studiesBefore);
    }

    @Test
    void nullValuesAreStoredAndListedAsNull() {
        String id = given().contentType(JSON).body("""
                {"name": "nulls", "template": {"command": ["echo", "{{ a }}", "{{ c }}"]},
                 "parameters": {"space": {"product": [{"zip": {"a": [1, 2], "b": ["xx", "yy"]}},
                                                      {"grid": {"c": [88, null, "Z"]}}]}}}
                """).when().post("/studies").then().statusCode(201).extract().jsonPath().getString("id");

        JsonPath runs = given().when().get("/studies/" + id + "/runs").then().statusCode(200).extract().jsonPath();

        assertThat(runs.getList("seq")).hasSize(6);
        Map<String, Object> second = runs.getMap("[1].params");
        assertThat(second).containsEntry("a", 1).containsEntry("b", "xx").containsKey("c");
        assertThat(second.get("c")).isNull();
        assertThat(runs.getString("[1].paramHash")).hasSize(40).isNotEqualTo(runs.getString("[0].paramHash"));
        given().when().post("/studies/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void aSampledStudyHasItsBudgetOfRuns() {
        JsonPath created = given().contentType(YAML).body("""
                name: sampled
                parameters:
                  sample: {method: lhs, seed: 7, budget: 12, batch: 4, dimensions: {x: {float: [0, 1]}, n: {int: [1, 3]}}}
                template: {command: [echo, "{{ x | %.4f }}", "{{ n }}"]}
                """.getBytes(StandardCharsets.UTF_8)).when().post("/studies").then().statusCode(201).extract().jsonPath();

        assertThat(created.getLong("runs")).isEqualTo(12);
        given().when().post("/studies/" + created.getString("id") + "/cancel").then().statusCode(200);

        // Sobol reads its direction numbers from Hipparchus' jar: this checks they are found inside the service.
        String sobol = given().contentType(JSON).body("""
                {"name": "sobol", "template": {"builtin": "noop"},
                 "parameters": {"sample": {"method": "sobol", "budget": 4, "dimensions": {"x": {"float": [0, 8]}}}}}
                """).when().post("/studies").then().statusCode(201).extract().jsonPath().getString("id");
        JsonPath runs = given().when().get("/studies/" + sobol + "/runs").then().statusCode(200).extract().jsonPath();
        assertThat(runs.getList("params.x", Float.class)).containsExactly(0f, 4f, 6f, 2f);
        given().when().post("/studies/" + sobol + "/cancel").then().statusCode(200);
    }

    private long count(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
