package io.runfleet.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        String table = new TextTable(List.of("name", "value"), 20)
                .addRow(List.of("alpha", "1.5"))
                .addRow(List.of("b", "-12.25"))
                .addRow(List.of("gamma-ray", ""))
                .render();

        assertThat(table).isEqualTo("""
                name        value
                ---------  ------
                alpha         1.5
                b          -12.25
                gamma-ray
                """);
    }

    @Test
    void clipsLongCellsAndFlattensNewlines() {
        String table = new TextTable(List.of("error"), 12).addRow(List.of("line one\nline two is long")).render();

        assertThat(table.lines().toList()).containsExactly("error", "------------", "line one ...");
    }

    @Test
    void resultsTableShowsVaryingColumnsAndFactorsOutConstantOnes() throws Exception {
        JsonNode rows = JSON.readTree("""
                [{"k":0.5,"cells":40,"t_center":21.5,"energy":23.1,"_study_id":"s","_run_id":"r1","_seq":0,
                  "_attempt":1,"_state":"SUCCEEDED","_exit_code":0,"_runtime_s":0.04,"_error":null},
                 {"k":2.0,"cells":40,"t_center":59.02,"energy":59.4,"_study_id":"s","_run_id":"r2","_seq":1,
                  "_attempt":2,"_state":"SUCCEEDED","_exit_code":0,"_runtime_s":0.031,"_error":null}]""");

        String table = ResultsTableView.render(rows);

        assertThat(table).isEqualTo("""
                same in every run: cells=40

                _seq    k  t_center  energy  _state     _attempt  _runtime_s
                ----  ---  --------  ------  ---------  --------  ----------
                   0  0.5      21.5    23.1  SUCCEEDED         1        0.04
                   1  2.0     59.02    59.4  SUCCEEDED         2       0.031
                """);
    }

    @Test
    void resultsTableShowsTheErrorColumnOnlyWhenARunHasOne() throws Exception {
        JsonNode rows = JSON.readTree("""
                [{"x":1,"_seq":0,"_state":"SUCCEEDED","_attempt":1,"_error":""},
                 {"x":2,"_seq":1,"_state":"FAILED","_attempt":3,"_error":"exit 3: boom"}]""");

        assertThat(ResultsTableView.columnsOf(rows)).containsExactly("_seq", "x", "_state", "_attempt", "_error");
        assertThat(ResultsTableView.render(rows)).contains("exit 3: boom");
        assertThat(ResultsTableView.render(JSON.readTree("[]"))).isEqualTo("(no results yet)\n");
    }

    @Test
    void aStagedStudysTableShowsEachRunsStageAndParent() throws Exception {
        JsonNode staged = JSON.readTree("""
                [{"x":1,"_seq":0,"_stage":"main","_parent_run_id":null,"_state":"SUCCEEDED","_attempt":1},
                 {"y":2,"_seq":1,"_stage":"refine","_parent_run_id":"r-0","_state":"SUCCEEDED","_attempt":1}]""");
        JsonNode plain = JSON.readTree("""
                [{"x":1,"_seq":0,"_stage":"main","_parent_run_id":null,"_state":"SUCCEEDED","_attempt":1},
                 {"x":2,"_seq":1,"_stage":"main","_parent_run_id":null,"_state":"SUCCEEDED","_attempt":1}]""");

        assertThat(ResultsTableView.columnsOf(staged))
                .containsExactly("_seq", "x", "y", "_stage", "_parent_run_id", "_state", "_attempt");
        assertThat(ResultsTableView.render(staged)).containsPattern("1\\s+2\\s+refine\\s+r-0\\s+SUCCEEDED");
        assertThat(ResultsTableView.columnsOf(plain)).containsExactly("_seq", "x", "_state", "_attempt");
    }

    @Test
    void studyListAndOneStudy() throws Exception {
        JsonNode list = JSON.readTree("""
                [{"id":"a1b2c3d4e5f6","name":"heat-rod","state":"ACTIVE","total":12,"submittedAt":"2026-01-01T10:00:00Z",
                  "counts":{"SUCCEEDED":5,"FAILED":1,"TIMED_OUT":1}}]""");
        JsonNode one = JSON.readTree("""
                {"id":"a1b2c3d4e5f6","name":"heat-rod","state":"COMPLETED","submittedAt":"2026-01-01T10:00:00Z",
                 "completedAt":"2026-01-01T10:00:09Z","total":12,"counts":{"SUCCEEDED":12}}""");

        assertThat(StudiesTableView.renderList(list).lines().toList()).element(2).asString()
                .startsWith("a1b2c3d4e5f6  heat-rod  ACTIVE").contains("  12          5       2  2026-01-01T10:00:00Z");
        assertThat(StudiesTableView.renderOne(one))
                .contains("state      COMPLETED")
                .contains("completed  2026-01-01T10:00:09Z")
                .containsPattern("SUCCEEDED\\s+12")
                .containsPattern("PENDING\\s+0");
    }
}
