package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands study documents as the scheduler does, for tests of the parameter space. */
final class StudyExpansion {

    static final StudyValidator VALIDATOR = new StudyValidator(1_000_000, 1 << 20, false);

    private StudyExpansion() {
    }

    /** Every point of a YAML study's parameters (the template is a builtin that names nothing). */
    static List<Map<String, Object>> points(String parametersYaml) {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read("name: t\ntemplate: {builtin: noop}\n"
                + "parameters:\n" + parametersYaml.indent(2), true));
        List<Map<String, Object>> points = new ArrayList<>();
        study.space().forEach(points::add);
        assertThat(study.runCount()).isEqualTo(points.size());
        return points;
    }

    /** A point from alternating names and values; values may be null, which Map.of refuses. */
    static Map<String, Object> point(Object... namesAndValues) {
        Map<String, Object> point = new LinkedHashMap<>();
        List<Object> list = Arrays.asList(namesAndValues);
        for (int i = 0; i < list.size(); i += 2) {
            point.put((String) list.get(i), list.get(i + 1));
        }
        return point;
    }
}
