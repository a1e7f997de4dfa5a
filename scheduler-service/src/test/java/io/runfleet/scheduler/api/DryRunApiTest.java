package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.template.TemplateException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dry runs: stored and expanded, never dispatched until started; any run shown rendered as the agent renders it. */
@QuarkusTest
class DryRunApiTest {

    private static final String STUDY = """
            name: dry
            parameters: {grid: {x: [0.5, 1.25]}, zip: {label: ["a b", "c;d"]}}
            template:
              command: [simulate, "--x={{ x | %.3f }}", "{{ label }}", "{{ run.dir }}/out", "{{ run.seq }}"]
              environment: {RUN_OF: "{{ study.id }}-{{ run.attempt }}"}
              files: {input.txt: "x = {{ x }}\\nrun = {{ run.id }}\\n"}
            policy: {maxParallel: 2}
            """;

    @Inject
    SchedulerHarness harness;

    @Inject
    AgroalDataSource dataSource;

    private StudyRuns studyRuns;

    @BeforeEach
    void setUp() {
        studyRuns = new StudyRuns(harness);
    }

    private static JsonPath submitDryRun(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .queryParam("dryRun", true)
                .when().post("/studies").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aDryRunIsStoredAndExpandedButNothingIsDispatchedUntilItIsStarted() throws Exception {
        JsonPath created = submitDryRun(STUDY);
        String id = created.getString("id");

        assertThat(created.getString("state")).isEqualTo("DRY_RUN");
        assertThat(created.getLong("runs")).isEqualTo(4);
        StudyRuns.letDispatcherRun();
        assertThat(harness.requests(id)).as("requests of a dry run").isEmpty();
        JsonPath summary = StudyRuns.summary(id);
        assertThat(summary.getString("state")).isEqualTo("DRY_RUN");
        assertThat(summary.getLong("counts.PENDING")).isEqualTo(4);
        assertThat(StudyRuns.runs(id)).extracting(run -> run.get("attempt")).containsOnly(0);

        JsonPath started = given().when().post("/studies/" + id + "/start").then().statusCode(200)
                .extract().jsonPath();
        assertThat(started.getString("state")).isEqualTo("ACTIVE");
        List<RunRequest> sent = studyRuns.awaitRequests(id, 0, 1);
        assertThat(sent).extracting(RunRequest::attempt).containsOnly(1);

        JsonPath again = given().when().post("/studies/" + id + "/start").then().statusCode(409)
                .extract().jsonPath();
        assertThat(again.getString("error")).contains("is ACTIVE, not DRY_RUN");
        given().when().post("/studies/000000000000/start").then().statusCode(404);

        studyRuns.complete(sent, RunOutcome.SUCCEEDED);
        studyRuns.complete(studyRuns.awaitRequests(id, 2, 3), RunOutcome.SUCCEEDED);
        studyRuns.awaitStudy(id, "COMPLETED");
    }

    @Test
    void theRenderedRunShowsTheCommandEnvironmentAndFilesAsTheAgentWouldRenderThem() {
        String id = submitDryRun(STUDY).getString("id");
        Map<String, Object> run = StudyRuns.runs(id).get(3);

        JsonPath rendered = given().when().get("/studies/" + id + "/runs/3/rendered").then().statusCode(200)
                .extract().jsonPath();

        String runDir = "<agent-work-dir>/" + id + "/3-" + run.get("id") + "-a1";
        assertThat(rendered.getString("runId")).isEqualTo(run.get("id"));
        assertThat(rendered.getInt("attempt")).as("the attempt its first dispatch gets").isEqualTo(1);
        assertThat(rendered.getString("runDir")).isEqualTo(runDir);
        assertThat(rendered.getList("command", String.class))
                .containsExactly("simulate", "--x=1.250", "c;d", runDir + "/out", "3");
        assertThat(rendered.getMap("environment", String.class, String.class))
                .containsExactly(Map.entry("RUN_OF", id + "-1"));
        assertThat(rendered.getMap("files", String.class, String.class))
                .containsExactly(Map.entry("input.txt", "x = 1.25\nrun = " + run.get("id") + "\n"));
        assertThat(rendered.getMap("params")).isEqualTo(run.get("params"));
        assertThat(rendered.getString("paramHash")).isEqualTo(run.get("paramHash"));
        assertThat(rendered.getBoolean("shell")).isFalse();
    }

    /** Each step renders as the agent renders it; the short-form fields stay as they are for a steps template. */
    @Test
    void aStepsTemplateShowsEachStepRendered() {
        String id = submitDryRun("""
                name: steps
                parameters: {grid: {x: [3]}}
                template:
                  environment: {MODE: fast}
                  steps:
                    - {name: pre, command: [python3, mesh.py, '{{ x }}']}
                    - {name: simulate, command: ['./solver --n {{ x }} > out.txt'], shell: true, timeout: 5m,
                       environment: {N: '{{ x }}', DIR: '{{ run.dir }}'}}
                    - {name: plot, plugin: matplotlib.plot, options: {format: png, dpi: 100}}
                    - {name: post, builtin: noop, when: always}
                """).getString("id");
        Map<String, Object> run = StudyRuns.runs(id).get(0);
        String runDir = "<agent-work-dir>/" + id + "/0-" + run.get("id") + "-a1";

        JsonPath rendered = given().when().get("/studies/" + id + "/runs/0/rendered").then().statusCode(200)
                .extract().jsonPath();

        assertThat(rendered.getList("command")).as("a steps template has no short-form command").isEmpty();
        assertThat(rendered.getString("builtin")).isNull();
        assertThat(rendered.getMap("environment", String.class, String.class))
                .containsExactly(Map.entry("MODE", "fast"));
        assertThat(rendered.getList("steps.name", String.class)).containsExactly("pre", "simulate", "plot", "post");
        assertThat(rendered.getMap("steps[0]")).containsEntry("when", "success").containsEntry("timeoutMillis", 0)
                .containsEntry("shell", false).containsEntry("command", List.of("python3", "mesh.py", "3"))
                .containsEntry("environment", Map.of());
        assertThat(rendered.getMap("steps[1]")).containsEntry("timeoutMillis", 300_000).containsEntry("shell", true)
                .containsEntry("command", List.of("sh", "-c", "./solver --n '3' > out.txt"))
                .containsEntry("environment", Map.of("N", "3", "DIR", runDir));
        assertThat(rendered.getMap("steps[2]")).containsEntry("plugin", "matplotlib.plot")
                .containsEntry("options", Map.of("format", "png", "dpi", 100)).containsEntry("command", List.of());
        assertThat(rendered.getMap("steps[3]")).containsEntry("builtin", "noop").containsEntry("when", "always")
                .containsEntry("plugin", null);
    }

    /** A step that cannot render names itself, as the agent's failure of the run would. */
    @Test
    void aStepThatCannotRenderIsNamed() {
        StepSpec step = new StepSpec("simulate", List.of("solver", "{{ n | %d }}"), false, null, null, null, null,
                0, null);

        assertThatThrownBy(() -> RenderedStep.of(step, Map.of("n", "abc"))).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("step 'simulate': spec.command[1]: ");
    }

    @Test
    void aShortFormTemplateHasNoSteps() {
        String id = submitDryRun(STUDY).getString("id");
        assertThat(given().when().get("/studies/" + id + "/runs/0/rendered").then().statusCode(200).extract()
                .jsonPath().getList("steps")).isEmpty();
    }

    @Test
    void renderingNamesWhatIsWrong() {
        String id = submitDryRun(STUDY).getString("id");

        assertThat(given().when().get("/studies/" + id + "/runs/4/rendered").then().statusCode(404)
                .extract().jsonPath().getString("error")).contains("no run with seq 4").contains("0 to 3");
        assertThat(given().when().get("/studies/" + id + "/runs/first/rendered").then().statusCode(400)
                .extract().jsonPath().getString("error")).contains("seq 'first'").contains("give 0");
        given().when().get("/studies/000000000000/runs/0/rendered").then().statusCode(404);

    }

    /**
     * A format that does not fit some runs' values refuses the dry run (and the study) at once, naming the values,
     * instead of a dry run that shows run 0 and leaves the other runs to fail.
     */
    @Test
    void aFormatThatDoesNotFitSomeRunsRefusesTheDryRunAndStoresNothing() throws java.sql.SQLException {
        long studiesBefore = StudyRuns.storedStudies(dataSource);

        JsonPath refused = given().contentType("application/yaml").body("""
                        name: bad-format
                        parameters: {grid: {n: [1, 2.0], label: [7, abc, def]}}
                        template: {command: [echo, "{{ n | %03d }}", "{{ label | %d }}"]}
                        """.getBytes(StandardCharsets.UTF_8))
                .queryParam("dryRun", true)
                .when().post("/studies").then().statusCode(400).extract().jsonPath();

        assertThat(refused.getList("problems.field", String.class)).containsExactly("template.command[2]");
        assertThat(refused.getString("problems[0].message")).contains("format '%d' does not fit the value abc")
                .contains("{{ label }} without a format").contains("label has 2 text values: 'abc', 'def'");
        assertThat(StudyRuns.storedStudies(dataSource)).isEqualTo(studiesBefore);
    }

    /** The first example of docs/study-format.md, as written: every one of its 48 runs renders. */
    @Test
    void theHeadlineExampleOfTheStudyFormatRendersEveryRun() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "study-format.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as("a YAML example in docs/study-format.md").isTrue();

        JsonPath created = submitDryRun(block.group(1));

        String id = created.getString("id");
        assertThat(created.getLong("runs")).isEqualTo(48);
        Set<String> inputs = new TreeSet<>();
        for (int seq = 0; seq < 48; seq++) {
            JsonPath rendered = given().when().get("/studies/" + id + "/runs/" + seq + "/rendered").then()
                    .statusCode(200).extract().jsonPath();
            inputs.add(rendered.getString("files.'input.txt'"));
        }
        assertThat(inputs).containsExactly("k = 0.500\nsteps = 100\n", "k = 1.000\nsteps = 100\n",
                "k = 2.000\nsteps = 100\n");
    }

    @Test
    void aBuiltinHasNoCommandAndShellJoinsTheArguments() {
        String builtin = submitDryRun("name: b\ntemplate: {builtin: noop}\n").getString("id");
        JsonPath noop = given().when().get("/studies/" + builtin + "/runs/0/rendered").then().statusCode(200)
                .extract().jsonPath();
        assertThat(noop.getString("builtin")).isEqualTo("noop");
        assertThat(noop.getList("command")).isEmpty();

        String shell = submitDryRun("""
                name: s
                parameters: {grid: {n: [7]}}
                template: {command: [echo, "{{ n }}", ">", out.txt], shell: true}
                """).getString("id");
        assertThat(given().when().get("/studies/" + shell + "/runs/0/rendered").then().statusCode(200)
                .extract().jsonPath().getList("command", String.class)).containsExactly("sh", "-c", "echo '7' > out.txt");
    }

    @Test
    void aDryRunCanBeCancelledAndFlagsAreReadStrictly() {
        String id = submitDryRun(STUDY).getString("id");
        assertThat(given().when().post("/studies/" + id + "/cancel").then().statusCode(200).extract().jsonPath()
                .getString("state")).isEqualTo("CANCELLED");
        assertThat(given().when().post("/studies/" + id + "/resume").then().statusCode(200).extract().jsonPath()
                .getLong("resumed")).as("a discarded dry run can still be taken up").isEqualTo(4);

        String dry = submitDryRun(STUDY).getString("id");
        assertThat(given().when().post("/studies/" + dry + "/resume").then().statusCode(409).extract().jsonPath()
                .getString("error")).contains("dry run").contains("/studies/" + dry + "/start");

        assertThat(given().contentType("application/yaml").body(STUDY.getBytes(StandardCharsets.UTF_8)).queryParam("dryRun", "yes")
                .when().post("/studies").then().statusCode(400).extract().jsonPath().getString("error"))
                .contains("dryRun='yes' is not true or false");
        assertThat(given().contentType("application/yaml").body(STUDY.getBytes(StandardCharsets.UTF_8)).queryParam("skipDuplicates", true)
                .when().post("/studies").then().statusCode(400).extract().jsonPath().getString("error"))
                .contains("skipDuplicates applies to POST /studies/{id}/extend");
    }
}
