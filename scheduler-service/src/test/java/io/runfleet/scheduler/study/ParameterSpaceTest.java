package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.template.Template;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSpaceTest {

    private static final StudyValidator VALIDATOR = new StudyValidator(1_000_000, 1 << 20, false);

    private static List<Map<String, Object>> expand(String yaml) {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read(yaml, true));
        List<Map<String, Object>> points = new ArrayList<>();
        study.space().forEach(points::add);
        assertThat(study.runCount()).isEqualTo(points.size());
        return points;
    }

    @Test
    void gridTimesZipTimesPointsWithConstantsFirstComponentSlowest() {
        List<Map<String, Object>> points = expand("""
                name: order
                parameters:
                  grid: {g: [1, 2], h: [a, b, c]}
                  zip: {z1: [10, 20], z2: [x, y]}
                  points: [{p: true}, {p: false}]
                  constants: {steps: 100}
                template: {builtin: noop}
                """);
        assertThat(points).hasSize(2 * 3 * 2 * 2);
        assertThat(points.get(0)).containsExactly(Map.entry("g", 1), Map.entry("h", "a"), Map.entry("z1", 10),
                Map.entry("z2", "x"), Map.entry("p", true), Map.entry("steps", 100));
        assertThat(points.get(1)).containsEntry("p", false).containsEntry("z1", 10).containsEntry("h", "a");
        assertThat(points.get(2)).containsEntry("p", true).containsEntry("z1", 20).containsEntry("z2", "y");
        assertThat(points.get(4)).containsEntry("h", "b").containsEntry("g", 1);
        assertThat(points.get(12)).containsEntry("g", 2).containsEntry("h", "a");
        assertThat(points.get(23)).containsEntry("g", 2).containsEntry("h", "c").containsEntry("z2", "y")
                .containsEntry("p", false).containsEntry("steps", 100);
        assertThat(points).doesNotHaveDuplicates();
    }

    @Test
    void gridAloneIsTheCartesianProductFirstKeySlowest() {
        List<Map<String, Object>> points = expand("""
                name: heat-grid
                parameters:
                  grid: {conductivity: [0.5, 1, 2], length: [1, 2, 3, 4]}
                template: {command: [echo, "{{ conductivity }}", "{{ length }}"]}
                """);
        assertThat(points).hasSize(12);
        assertThat(points.get(0)).isEqualTo(Map.of("conductivity", 0.5, "length", 1));
        assertThat(points.get(3)).isEqualTo(Map.of("conductivity", 0.5, "length", 4));
        assertThat(points.get(4)).isEqualTo(Map.of("conductivity", 1, "length", 1));
    }

    @Test
    void everyComponentInItsOrderGridZipPointsCsvSpaceSampleThenConstants() {
        List<Map<String, Object>> points = expand("""
                name: all
                parameters:
                  constants: {k: 0}
                  sample: {method: sobol, budget: 2, dimensions: {s: {float: [0, 1]}}}
                  space: {chain: [{grid: {n: [1]}}, {grid: {n: [2]}}]}
                  csv: "c\\n10\\n20\\n"
                  points: [{p: a}, {p: b}]
                  zip: {z: [true, false]}
                  grid: {g: [x, y]}
                template: {builtin: noop}
                """);
        assertThat(points).hasSize(2 * 2 * 2 * 2 * 2 * 2);
        assertThat(points.get(0)).containsExactly(Map.entry("g", "x"), Map.entry("z", true), Map.entry("p", "a"),
                Map.entry("c", 10), Map.entry("n", 1), Map.entry("s", 0.0), Map.entry("k", 0));
        assertThat(points.get(1)).containsEntry("s", 0.5).containsEntry("n", 1);
        assertThat(points.get(2)).containsEntry("s", 0.0).containsEntry("n", 2);
        assertThat(points.get(4)).containsEntry("c", 20).containsEntry("p", "a");
        assertThat(points.get(32)).containsEntry("g", "y").containsEntry("z", true);
        assertThat(points).doesNotHaveDuplicates();
    }

    @Test
    void nullIsAValueEverywhereAndKeepsItsKey() {
        List<Map<String, Object>> points = expand("""
                name: nulls
                parameters:
                  grid: {a: [1, null]}
                  points: [{b: null}]
                  constants: {c: null}
                template: {command: [echo, "{{ a }}", "{{ b }}", "{{ c }}"]}
                """);
        assertThat(points).hasSize(2);
        assertThat(points.get(1)).containsOnlyKeys("a", "b", "c").allSatisfy((name, value) -> assertThat(value).isNull());
        assertThat(Template.parse("[{{ a }}]").render(points.get(1))).isEqualTo("[]");
    }

    @Test
    void aGridIsNeverExpandedUpFront() {
        StudyValidator unlimited = new StudyValidator(Long.MAX_VALUE, 1 << 20, false);
        ValidatedStudy study = unlimited.validate(StudyReader.read("""
                name: huge
                parameters:
                  grid: {a: {range: [100000]}, b: {range: [100000]}, c: {range: [100]}}
                template: {builtin: noop}
                """, true));

        assertThat(study.runCount()).isEqualTo(1_000_000_000_000L);
        Iterator<Map<String, Object>> points = study.space().iterator();
        assertThat(points.next()).isEqualTo(Map.of("a", 0, "b", 0, "c", 0));
        assertThat(points.next()).isEqualTo(Map.of("a", 0, "b", 0, "c", 1));
        for (int i = 2; i < 250; i++) {
            points.next();
        }
        assertThat(points.next()).isEqualTo(Map.of("a", 0, "b", 2, "c", 50));
    }

    @Test
    void onlyConstantsGiveOneRun() {
        assertThat(expand("""
                name: single
                parameters: {constants: {steps: 5, label: "x"}}
                template: {builtin: noop}
                """)).containsExactly(Map.of("steps", 5, "label", "x"));
    }

    @Test
    void durationsAndPolicyDefaults() {
        ValidatedStudy study = VALIDATOR.validate(StudyReader.read("""
                {"name": "j", "template": {"builtin": "noop", "timeout": "1.5s"}, "policy": {"backoff": "2m"}}
                """, false));
        assertThat(study.spec().timeoutMillis()).isEqualTo(1_500);
        assertThat(study.policy().backoff()).hasMinutes(2);
        assertThat(study.policy().maxParallel()).isEqualTo(Policy.DEFAULT_MAX_PARALLEL);
        assertThat(study.policy().backoffBeforeRetry(3)).hasMinutes(8);
        assertThat(DurationText.parse("500ms")).hasMillis(500);
        assertThat(DurationText.parse("2h")).hasHours(2);
        assertThat(DurationText.parse("7")).hasSeconds(7);
    }
}
