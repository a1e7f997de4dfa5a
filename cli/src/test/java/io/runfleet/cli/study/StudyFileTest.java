package io.runfleet.cli.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyFileTest {

    @TempDir
    Path dir;

    @Test
    void inlinesNestedTemplateDirectoryWithSlashPathsAndDropsTheDirectoryField() throws IOException {
        write("tpl/input.txt", "k = {{ k }}\n");
        write("tpl/scripts/run.sh", "echo run\n");
        write("tpl/scripts/deep/more/data.csv", "a,b\n1,2\n");
        Path study = write("study.yaml", """
                name: nested
                template:
                  directory: tpl
                  command: [sh, scripts/run.sh]
                """);

        JsonNode template = StudyFile.load(study).document().get("template");

        assertThat(template.has("directory")).isFalse();
        assertThat(template.get("files").size()).isEqualTo(3);
        assertThat(template.get("files").get("input.txt").asText()).isEqualTo("k = {{ k }}\n");
        assertThat(template.get("files").get("scripts/run.sh").asText()).isEqualTo("echo run\n");
        assertThat(template.get("files").get("scripts/deep/more/data.csv").asText()).isEqualTo("a,b\n1,2\n");
        assertThat(template.get("command").get(1).asText()).isEqualTo("scripts/run.sh");
    }

    @Test
    void inlineFilesOverrideDirectoryFilesOfTheSamePath() throws IOException {
        write("tpl/input.txt", "from directory\n");
        write("tpl/other.txt", "kept\n");
        Path study = write("study.yaml", """
                name: override
                template:
                  directory: tpl
                  files: {input.txt: "from study"}
                  command: [cat, input.txt]
                """);

        JsonNode files = StudyFile.load(study).document().get("template").get("files");

        assertThat(files.get("input.txt").asText()).isEqualTo("from study");
        assertThat(files.get("other.txt").asText()).isEqualTo("kept\n");
    }

    @Test
    void submittedJsonIsSelfContained() throws IOException {
        write("tpl/a.txt", "x={{ x }}");
        Path study = write("study.yaml", "name: json-body\ntemplate: {directory: tpl, command: [true]}\n");

        JsonNode body = new ObjectMapper().readTree(StudyFile.load(study).toJson());

        assertThat(body.path("name").asText()).isEqualTo("json-body");
        assertThat(body.path("template").path("files").path("a.txt").asText()).isEqualTo("x={{ x }}");
        assertThat(body.path("template").has("directory")).isFalse();
    }

    @Test
    void refusesATemplateDirectoryOverTheSizeLimit() throws IOException {
        write("tpl/a.txt", "x".repeat(600));
        write("tpl/sub/b.txt", "y".repeat(600));
        Path study = write("study.yaml", "name: big\ntemplate: {directory: tpl, command: [true]}\n");

        assertThatThrownBy(() -> StudyFile.load(study, 1024))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("template.directory")
                .hasMessageContaining("over the limit")
                .hasMessageContaining("2 files");
        assertThat(StudyFile.load(study, 2048).document().get("template").get("files").size()).isEqualTo(2);
    }

    @Test
    void defaultLimitIsFourMebibytes() throws IOException {
        Files.createDirectories(dir.resolve("tpl"));
        Files.write(dir.resolve("tpl/big.txt"), new byte[4 * 1024 * 1024 + 1]);
        Path study = write("study.yaml", "name: big\ntemplate: {directory: tpl, command: [true]}\n");

        assertThatThrownBy(() -> StudyFile.load(study)).hasMessageContaining("limit of 4.0 MiB");
    }

    @Test
    void refusesBinaryFilesAndMissingDirectoriesNamingTheField() throws IOException {
        Files.createDirectories(dir.resolve("tpl"));
        Files.write(dir.resolve("tpl/blob.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
        Path binary = write("binary.yaml", "name: bin\ntemplate: {directory: tpl, command: [true]}\n");
        Path missing = write("missing.yaml", "name: none\ntemplate: {directory: nowhere, command: [true]}\n");

        assertThatThrownBy(() -> StudyFile.load(binary))
                .hasMessageContaining("template.directory: file 'blob.bin' is not UTF-8 text");
        assertThatThrownBy(() -> StudyFile.load(missing))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("template.directory: ")
                .hasMessageContaining("nowhere")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void leavesAStudyWithoutDirectoryUntouched() throws IOException {
        Path study = write("study.json", "{\"name\": \"inline\", \"template\": {\"files\": {\"a\": \"b\"}, \"command\": [\"true\"]}}");

        JsonNode document = StudyFile.load(study).document();

        assertThat(document.get("template").get("files").get("a").asText()).isEqualTo("b");
        assertThat(document.get("template").get("command").get(0).asText()).isEqualTo("true");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
        Path study = write("broken.yaml", "name: x\ntemplate: [unclosed\n");

        assertThatThrownBy(() -> StudyFile.load(study))
                .hasMessageContaining("is not valid YAML")
                .hasMessageContaining("line ");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
