package io.runfleet.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns a service's error answer into text for the user. A refused study lists each problem as
 * {@code field: message}, the field being where to look in the study document.
 */
public final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_BODY = 400;

    private ErrorBodies() {
    }

    public static String describe(String serviceName, int status, String body) {
        JsonNode json = tryParse(body);
        if (json != null && json.path("problems").isArray() && !json.path("problems").isEmpty()) {
            StringBuilder text = new StringBuilder("the " + serviceName + " refused it ("
                    + json.path("error").asText("HTTP " + status) + "):");
            for (JsonNode problem : json.path("problems")) {
                String field = problem.path("field").asText("");
                String message = RestHints.asCommands(problem.path("message").asText(""));
                text.append(System.lineSeparator()).append("  ")
                        .append(field.isEmpty() ? message : field + ": " + message);
            }
            return text.toString();
        }
        String reason = RestHints.asCommands(json == null ? abbreviate(body)
                : firstText(json, "message", "error", "details"));
        if (status == 404) {
            // The scheduler says what is missing ("no study with id 'x'; ..."): that is the whole message.
            if (reason.startsWith("no ") || reason.contains(" has no ")) {
                return reason;
            }
            return "not found at the " + serviceName + (reason.isEmpty() ? "" : ": " + reason)
                    + " (check the id with `runfleet status`)";
        }
        return "the " + serviceName + " answered HTTP " + status + (reason.isEmpty() ? "" : ": " + reason);
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String trimmed = body.strip();
        return trimmed.length() <= MAX_RAW_BODY ? trimmed : trimmed.substring(0, MAX_RAW_BODY) + "...";
    }

    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            if (json.hasNonNull(field)) {
                return json.get(field).asText();
            }
        }
        return json.isObject() ? abbreviate(json.toString()) : json.asText();
    }

    private static JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
