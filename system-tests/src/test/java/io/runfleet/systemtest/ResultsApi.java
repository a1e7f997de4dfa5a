package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The results service's REST API as the tests use it. */
final class ResultsApi {

    private final Rest rest;

    ResultsApi(Rest rest) {
        this.rest = rest;
    }

    Rest rest() {
        return rest;
    }

    /** One row per run: parameters and outputs by name, then the {@code _}-prefixed bookkeeping columns. */
    List<JsonNode> rows(String studyId) {
        return JsonLists.elements(rest.get("/studies/" + studyId + "/results?format=json").expect(200));
    }

    String csv(String studyId) {
        return rest.get("/studies/" + studyId + "/results?format=csv").expectText(200);
    }

    /** Every attempt of every run of the study, superseded ones included. */
    List<JsonNode> attempts(String studyId) {
        return JsonLists.elements(rest.get("/studies/" + studyId + "/attempts").expect(200));
    }
}
