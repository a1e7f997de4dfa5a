package io.runfleet.wire.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of a service's health routes, the same in every service so that probes and scripts read one shape:
 * HTTP 200 with {@code {"status":"UP","checks":[...]}} when every check is UP, else 503 with {@code "status":"DOWN"};
 * each check is {@code {"name","status"}}, plus {@code "reason"} when DOWN.
 *
 * @param httpStatus 200 or 503
 * @param body       the JSON body as maps and lists
 */
public record HealthAnswer(int httpStatus, Map<String, Object> body) {

    public static HealthAnswer of(List<HealthCheck> checks) {
        List<Map<String, String>> listed = new ArrayList<>();
        for (HealthCheck check : checks) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", check.name());
            entry.put("status", status(check.up()));
            check.reason().ifPresent(reason -> entry.put("reason", reason));
            listed.add(entry);
        }
        boolean up = checks.stream().allMatch(HealthCheck::up);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status(up));
        body.put("checks", listed);
        return new HealthAnswer(up ? 200 : 503, body);
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
