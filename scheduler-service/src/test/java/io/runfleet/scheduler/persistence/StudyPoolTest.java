package io.runfleet.scheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A study has a pool exactly when its submitted document has a top-level {@code launch} section. */
class StudyPoolTest {

    @Test
    void aYamlDocumentWithALaunchSectionHasTheStudysPool() {
        String document = """
                name: heat
                template: {command: [sh, run.sh]}
                launch: {local: {agents: 1, slots: 1}}
                parameters: {x: [1, 2]}
                """;

        assertThat(StudyPool.of("s7", document, "application/yaml")).contains("study-s7");
    }

    @Test
    void aJsonDocumentWithALaunchSectionHasTheStudysPool() {
        String document = """
                {"name": "heat", "template": {"command": ["sh"]}, "launch": {"local": {"agents": 1}}}
                """;

        assertThat(StudyPool.of("s7", document, "application/json")).contains("study-s7");
    }

    @Test
    void aDocumentWithoutALaunchSectionHasNoPoolEvenWhereADeeperKeyIsCalledLaunch() {
        String document = """
                name: heat
                template:
                  command: [sh, run.sh]
                  files: {launch: "echo launch"}
                parameters: {launch: [1, 2]}
                """;

        assertThat(StudyPool.of("s7", document, "application/yaml")).isEmpty();
        assertThat(StudyPool.of("s7", "launch: null\n", "application/yaml")).isEmpty();
        assertThat(StudyPool.of("s7", null, null)).isEmpty();
    }

    @Test
    void aRowWithoutAContentTypeIsReadAsYaml() {
        assertThat(StudyPool.of("s7", "launch: {local: {}}\n", null)).contains("study-s7");
    }

    @Test
    void aDocumentThatCannotBeReadIsAnUnreadableRowNamingTheStudy() {
        assertThatThrownBy(() -> StudyPool.of("s7", "{\"name\": ", "application/json"))
                .isInstanceOf(UnreadableRow.class).hasMessageContaining("study s7");
    }
}
