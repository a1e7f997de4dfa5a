package io.runfleet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    @Test
    void listsEachProblemOfARefusedStudyAsFieldColonMessage() {
        String body = """
                {"error":"invalid study","problems":[
                  {"field":"template.comand","message":"unknown field 'comand'; known fields: command, files"},
                  {"field":"parameters.zip","message":"lists a and b differ in length (2 and 3)"}]}""";

        String text = ErrorBodies.describe("scheduler", 400, body);

        assertThat(text.lines().toList()).containsExactly(
                "the scheduler refused it (invalid study):",
                "  template.comand: unknown field 'comand'; known fields: command, files",
                "  parameters.zip: lists a and b differ in length (2 and 3)");
    }

    @Test
    void problemWithoutFieldPrintsTheMessageAlone() {
        String text = ErrorBodies.describe("scheduler", 400,
                "{\"error\":\"invalid study\",\"problems\":[{\"message\":\"expands to 0 runs\"}]}");

        assertThat(text).endsWith("\n  expands to 0 runs".replace("\n", System.lineSeparator()));
    }

    @Test
    void otherErrorsUseTheirMessageOrRawBody() {
        assertThat(ErrorBodies.describe("scheduler", 404, "{\"error\":\"gone\"}"))
                .isEqualTo("not found at the scheduler: gone (check the id with `runfleet status`)");
        assertThat(ErrorBodies.describe("results service", 500, "<html>boom</html>"))
                .isEqualTo("the results service answered HTTP 500: <html>boom</html>");
        assertThat(ErrorBodies.describe("scheduler", 503, "")).isEqualTo("the scheduler answered HTTP 503");
    }

    @Test
    void aMissingStudyIsSaidPlainlyWithTheCommandThatListsStudies() {
        String text = ErrorBodies.describe("scheduler", 404,
                "{\"error\":\"no study with id 'nope'; GET /studies lists the known ones\",\"problems\":[]}");

        assertThat(text).isEqualTo("no study with id 'nope'; `runfleet status` lists the known ones");
    }

    @Test
    void hintsNameTheCommandNotTheRestCall() {
        assertThat(ErrorBodies.describe("scheduler", 409, "{\"error\":\"study 's1' (COMPLETED) has no CANCELLED, "
                + "FAILED or TIMED_OUT run to resume; to run its parameter sets again, repeat it (POST /studies/s1/repeat)\"}"))
                .endsWith("repeat it (`runfleet repeat s1`)").doesNotContain("POST");
        assertThat(RestHints.asCommands("Resume it first (POST /studies/s1/resume) or submit a new study"))
                .isEqualTo("Resume it first (`runfleet resume s1`) or submit a new study");
        assertThat(RestHints.asCommands("a dry run; Start it instead (POST /studies/s-2/start)"))
                .endsWith("(`runfleet start s-2`)");
        assertThat(RestHints.asCommands("only a dry run (POST /studies?dryRun=true) is started"))
                .isEqualTo("only a dry run (`runfleet submit FILE --dry-run`) is started");
        assertThat(RestHints.asCommands("no run with id 'r'; GET /studies/s1/runs lists its runs"))
                .isEqualTo("no run with id 'r'; `runfleet runs s1` lists its runs");
        assertThat(RestHints.asCommands("did not finish within 30 s; GET /studies/s1 shows whether it took effect"))
                .isEqualTo("did not finish within 30 s; `runfleet status s1` shows whether it took effect");
        assertThat(RestHints.asCommands("applies to POST /studies/{id}/extend: a new study"))
                .isEqualTo("applies to `runfleet extend ID FILE`: a new study");
    }
}
