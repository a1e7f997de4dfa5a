package io.runfleet.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StudyStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whyTheLaunchedAgentsStoppedBeingReplacedComesBeforeTheirLastError() throws Exception {
        StudyStatus status = StudyStatus.from(JSON.readTree("""
                {"id": "s1", "state": "ACTIVE", "total": 6, "counts": {"PENDING": 6},
                 "launch": {"lastError": "cannot start agent a7", "stoppedReplacing": "4 agents died; no more"}}
                """));
        assertThat(status.launchProblem()).isEqualTo("4 agents died; no more");
    }

    @Test
    void theLastLaunchErrorIsTheProblemWhileAgentsAreStillReplaced() throws Exception {
        StudyStatus status = StudyStatus.from(JSON.readTree("""
                {"id": "s1", "state": "ACTIVE", "total": 6, "counts": {},
                 "launch": {"lastError": "cannot start agent a7", "stoppedReplacing": null}}
                """));
        assertThat(status.launchProblem()).isEqualTo("cannot start agent a7");
    }

    @Test
    void aStudyWithoutLaunchHasNoLaunchProblem() throws Exception {
        assertThat(StudyStatus.from(JSON.readTree("{\"id\": \"s1\", \"state\": \"ACTIVE\", \"launch\": null}"))
                .launchProblem()).isEmpty();
        assertThat(StudyStatus.from(JSON.readTree("{\"id\": \"s1\", \"state\": \"ACTIVE\"}")).launchProblem()).isEmpty();
    }
}
