package io.runfleet.cli.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointsCsvInlinerTest {

    @TempDir
    Path dir;

    @Test
    void inlinesTheCsvFileRelativeToTheStudyFileAndDropsCsvFile() throws IOException {
        String csv = "a,b,c\n1,xx,88\n2,yy,\n\"3\",\"z, w\",Z\n";
        write("studies/data/points.csv", csv);
        Path study = write("studies/study.yaml", """
                name: from-csv
                parameters:
                  csvFile: data/points.csv
                  constants: {steps: 5}
                template: {command: [echo, "{{ a }}"]}
                """);

        JsonNode body = new ObjectMapper().readTree(StudyFile.load(study).toJson());

        assertThat(body.path("parameters").has("csvFile")).isFalse();
        assertThat(body.path("parameters").path("csv").asText()).isEqualTo(csv);
        assertThat(body.path("parameters").path("constants").path("steps").asInt()).isEqualTo(5);
    }

    @Test
    void keepsYamlNullsForTheScheduler() throws IOException {
        Path study = write("study.yaml", "name: n\nparameters: {grid: {c: [88, null, Z]}}\n"
                + "template: {builtin: noop}\n");

        JsonNode values = new ObjectMapper().readTree(StudyFile.load(study).toJson()).path("parameters")
                .path("grid").path("c");

        assertThat(values.size()).isEqualTo(3);
        assertThat(values.get(1).isNull()).isTrue();
    }

    @Test
    void refusesAMissingFileNamingTheField() throws IOException {
        Path study = write("study.yaml", "name: m\nparameters: {csvFile: nowhere.csv}\ntemplate: {builtin: noop}\n");

        assertThatThrownBy(() -> StudyFile.load(study))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("parameters.csvFile: no file at ")
                .hasMessageContaining("nowhere.csv")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void refusesCsvAndCsvFileTogether() throws IOException {
        write("p.csv", "x\n1\n");
        Path study = write("study.yaml", "name: b\nparameters: {csvFile: p.csv, csv: \"x\\n2\\n\"}\n"
                + "template: {builtin: noop}\n");

        assertThatThrownBy(() -> StudyFile.load(study))
                .hasMessage("parameters.csvFile: give either parameters.csv (the CSV text) or parameters.csvFile "
                        + "(a file), not both");
    }

    @Test
    void refusesNonUtf8AndNonTextPaths() throws IOException {
        Files.write(dir.resolve("latin1.csv"), new byte[] {'x', '\n', (byte) 0xe9, '\n'});
        Path binary = write("binary.yaml", "name: l\nparameters: {csvFile: latin1.csv}\ntemplate: {builtin: noop}\n");
        Path number = write("number.yaml", "name: l\nparameters: {csvFile: 5}\ntemplate: {builtin: noop}\n");
        Files.createDirectories(dir.resolve("folder"));
        Path folder = write("folder.yaml", "name: l\nparameters: {csvFile: folder}\ntemplate: {builtin: noop}\n");

        assertThatThrownBy(() -> StudyFile.load(binary)).hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> StudyFile.load(number)).hasMessageContaining("must be the path of a CSV file");
        assertThatThrownBy(() -> StudyFile.load(folder)).hasMessageContaining("is a directory");
    }

    @Test
    void refusesAFileOverTheLimit() throws IOException {
        Path csv = write("big.csv", "x\n" + "1\n".repeat(600));
        Path study = write("study.yaml", "name: big\nparameters: {csvFile: big.csv}\ntemplate: {builtin: noop}\n");
        ObjectNode document = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(study.toFile());

        assertThatThrownBy(() -> new PointsCsvInliner(1024).inline(document, dir))
                .hasMessageContaining("parameters.csvFile: ")
                .hasMessageContaining("over the limit of");
        assertThat(document.path("parameters").path("csvFile").asText()).isEqualTo("big.csv");
        new PointsCsvInliner(Files.size(csv)).inline(document, dir);
        assertThat(document.path("parameters").path("csv").asText()).startsWith("x\n1\n");
    }

    @Test
    void leavesAStudyWithoutCsvFileUntouched() throws IOException {
        Path study = write("study.yaml", "name: u\nparameters: {csv: \"x\\n1\\n\"}\ntemplate: {builtin: noop}\n");

        JsonNode parameters = StudyFile.load(study).document().path("parameters");

        assertThat(parameters.path("csv").asText()).isEqualTo("x\n1\n");
        assertThat(parameters.has("csvFile")).isFalse();
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
