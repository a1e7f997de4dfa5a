package io.runfleet.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FailureGroupsViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(int seq, String state, Integer exitCode, String error) {
        return JSON.createObjectNode().put("id", "run-" + seq).put("seq", seq).put("state", state)
                .put("exitCode", exitCode).put("error", error);
    }

    @Test
    void runsAreCountedPerStateAndReasonMostFrequentFirstWithAFewIdsEach() {
        FailureGroupsView view = new FailureGroupsView();
        assertThat(view.isEmpty()).isTrue();
        view.add(run(1, "TIMED_OUT", null, "timed out after 30s"));
        for (int seq = 2; seq <= 6; seq++) {
            view.add(run(seq, "FAILED", 3, "exit code 3: even x is refused"));
        }
        view.add(run(7, "CANCELLED", null, "the study was cancelled"));

        String text = view.render();

        assertThat(text.lines().toList()).containsExactly(
                "  5 FAILED: exit code 3: even x is refused",
                "      runs run-2 (seq 2), run-3 (seq 3), run-4 (seq 4), ...",
                "  1 TIMED_OUT: timed out after 30s",
                "      run run-1 (seq 1)",
                "  1 CANCELLED: the study was cancelled",
                "      run run-7 (seq 7)");
    }
}
