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
        assertThat(ErrorBodies.describe("scheduler", 404, "{\"error\":\"no study abc\"}"))
                .isEqualTo("not found at the scheduler: no study abc (check the id with `runfleet status`)");
        assertThat(ErrorBodies.describe("results service", 500, "<html>boom</html>"))
                .isEqualTo("the results service answered HTTP 500: <html>boom</html>");
        assertThat(ErrorBodies.describe("scheduler", 503, "")).isEqualTo("the scheduler answered HTTP 503");
    }
}
