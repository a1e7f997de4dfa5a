package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.study.Problem;
import io.runfleet.scheduler.study.SamplerSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the points an ask/tell client suggests against its sampler's variables: each has a client point id and sets
 * exactly the variables, numbers within their bounds. Every problem is collected, each naming its field
 * ({@code points[0].params.x1}) and the fix.
 */
final class SuggestedPoints {

    private SuggestedPoints() {
    }

    static List<Problem> problems(List<SuggestionIntake.Point> points, SamplerSection sampler) {
        List<Problem> problems = new ArrayList<>();
        if (points == null || points.isEmpty()) {
            problems.add(new Problem("points", "missing; give the points to run, as in "
                    + "{\"points\": [{\"clientPointId\": \"p1\", \"params\": {...}}]}"));
            return problems;
        }
        for (int i = 0; i < points.size(); i++) {
            String at = "points[" + i + "]";
            SuggestionIntake.Point point = points.get(i);
            if (point == null) {
                problems.add(new Problem(at, "missing; give {clientPointId, params}"));
                continue;
            }
            if (point.clientPointId() == null || point.clientPointId().isBlank()) {
                problems.add(new Problem(at + ".clientPointId", "missing; name the point with an id of your own "
                        + "(a replay with the same id returns the same run)"));
            } else if (point.clientPointId().length() > 200) {
                problems.add(new Problem(at + ".clientPointId", "longer than 200 characters; use a shorter id"));
            }
            Map<String, Object> params = point.params() == null ? Map.of() : point.params();
            for (Map.Entry<String, SamplerSection.Variable> variable : sampler.variables().entrySet()) {
                String field = at + ".params." + variable.getKey();
                SamplerSection.Variable bounds = variable.getValue();
                Object value = params.get(variable.getKey());
                String range = "[" + bounds.min() + ", " + bounds.max() + "]";
                if (value == null) {
                    problems.add(new Problem(field, "missing; give a number within " + range));
                } else if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    problems.add(new Problem(field, "'" + value + "' is not a number; give one within " + range));
                } else if (!bounds.contains(number.doubleValue())) {
                    problems.add(new Problem(field, value + " is out of bounds; give a number within " + range));
                }
            }
            Set<String> unknown = new TreeSet<>(params.keySet());
            unknown.removeAll(sampler.variables().keySet());
            for (String name : unknown) {
                problems.add(new Problem(at + ".params." + name, "not a variable of the sampler (its variables: "
                        + String.join(", ", sampler.variables().keySet()) + "); remove it"));
            }
        }
        return problems;
    }

    /** Whether two points of one id are the same point: the same variables, numerically equal. */
    static boolean samePoint(Map<String, Object> stored, Map<String, Object> posted, SamplerSection sampler) {
        for (String name : sampler.variables().keySet()) {
            if (!(stored.get(name) instanceof Number a) || !(posted.get(name) instanceof Number b)
                    || Double.compare(a.doubleValue(), b.doubleValue()) != 0) {
                return false;
            }
        }
        return true;
    }
}
