package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The scheduler service's REST API as the tests use it. */
final class SchedulerApi {

    /** Generous: a slow shared machine must not turn into a flaky test; nothing here measures speed. */
    static final Duration STUDY_TIMEOUT = Duration.ofSeconds(180);

    private final Rest rest;

    SchedulerApi(Rest rest) {
        this.rest = rest;
    }

    Rest rest() {
        return rest;
    }

    Rest.Response submitYaml(String yaml) {
        return rest.post("/studies", "application/yaml", yaml);
    }

    Rest.Response submitJson(Object study) {
        return rest.postJson("/studies", study);
    }

    /** Submits a YAML study that must be accepted; answers its id. */
    String submitValidYaml(String yaml) {
        return idOf(submitYaml(yaml).expect(201));
    }

    /** Submits a JSON study that must be accepted; answers its id. */
    String submitValidJson(Object study) {
        return idOf(submitJson(study).expect(201));
    }

    private static String idOf(JsonNode created) {
        assertThat(created.path("id").asText()).as("id of the created study in %s", created).isNotBlank();
        return created.get("id").asText();
    }

    JsonNode study(String id) {
        return rest.get("/studies/" + id).expect(200);
    }

    JsonNode studies() {
        return rest.get("/studies").expect(200);
    }

    List<JsonNode> runs(String studyId) {
        return JsonLists.elements(rest.get("/studies/" + studyId + "/runs").expect(200));
    }

    /** Up to {@code limit} runs of the study; without a limit the endpoint answers the first 100 only. */
    List<JsonNode> runs(String studyId, int limit) {
        return JsonLists.elements(rest.get("/studies/" + studyId + "/runs?limit=" + limit).expect(200));
    }

    List<JsonNode> runs(String studyId, String state) {
        return JsonLists.elements(rest.get("/studies/" + studyId + "/runs?state=" + state).expect(200));
    }

    /** Waits until the study reaches {@code state}; on timeout the message shows the study as last seen. */
    JsonNode awaitState(String studyId, String state) {
        return awaitState(studyId, state, STUDY_TIMEOUT);
    }

    /** As {@link #awaitState(String, String)}, for a study known to take longer than the usual timeout. */
    JsonNode awaitState(String studyId, String state, Duration atMost) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("study " + studyId + " " + state)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    last.set(study(studyId));
                    assertThat(last.get().path("state").asText()).as("state of %s", last.get()).isEqualTo(state);
                });
        return last.get();
    }

    /** Waits until {@code count} runs of the study are in {@code state}; answers them. */
    List<JsonNode> awaitRuns(String studyId, String state, int count) {
        AtomicReference<List<JsonNode>> last = new AtomicReference<>();
        await(count + " runs of study " + studyId + " " + state)
                .atMost(STUDY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    last.set(runs(studyId, state));
                    // The description is built only on failure: it costs another request.
                    assertThat(last.get()).as(() -> "runs in state " + state + "; all runs: " + runs(studyId))
                            .hasSizeGreaterThanOrEqualTo(count);
                });
        return last.get();
    }
}
