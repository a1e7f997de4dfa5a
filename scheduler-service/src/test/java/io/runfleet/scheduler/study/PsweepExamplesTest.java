package io.runfleet.scheduler.study;

import static io.runfleet.scheduler.study.StudyExpansion.point;
import static io.runfleet.scheduler.study.StudyExpansion.points;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** psweep's documented examples give the same parameter sets, in the same order, written as Runfleet spaces. */
class PsweepExamplesTest {

    /** {@code pgrid(zip(a, b), c)} with a = [1, 2], b = [xx, yy], c = [88, None, Z]. */
    @Test
    void gridOfAZipAndAList() {
        List<Map<String, Object>> points = points("""
                space:
                  product:
                    - zip: {a: [1, 2], b: [xx, yy]}
                    - grid: {c: [88, null, Z]}
                """);

        assertThat(points).containsExactly(
                point("a", 1, "b", "xx", "c", 88),
                point("a", 1, "b", "xx", "c", null),
                point("a", 1, "b", "xx", "c", "Z"),
                point("a", 2, "b", "yy", "c", 88),
                point("a", 2, "b", "yy", "c", null),
                point("a", 2, "b", "yy", "c", "Z"));
        assertThat(points.get(1)).containsKey("c");
    }

    /** Top-level components combine in the order grid, zip, points, csv, space, sample: zip before space here. */
    @Test
    void topLevelZipThenNestedGridGivesTheSameSets() {
        assertThat(points("""
                zip: {a: [1, 2], b: [xx, yy]}
                space: {grid: {c: [88, null, Z]}}
                """)).isEqualTo(points("""
                space: {product: [{zip: {a: [1, 2], b: [xx, yy]}}, {grid: {c: [88, null, Z]}}]}
                """));
    }

    /** {@code plist("a", [1, 2, 3])}: one parameter, one set per value. */
    @Test
    void plistIsAOneParameterZipOrPoints() {
        List<Map<String, Object>> expected = List.of(point("a", 1), point("a", 2), point("a", 3));

        assertThat(points("space: {zip: {a: [1, 2, 3]}}")).isEqualTo(expected);
        assertThat(points("space: {grid: {a: [1, 2, 3]}}")).isEqualTo(expected);
        assertThat(points("points: [{a: 1}, {a: 2}, {a: 3}]")).isEqualTo(expected);
    }

    /** {@code pgrid(plist("a", [1, 2, 3]), plist("b", [88, 99]))}: itertools.product, first varying slowest. */
    @Test
    void pgridOfTwoLists() {
        assertThat(points("space: {product: [{grid: {a: [1, 2, 3]}}, {grid: {b: [88, 99]}}]}")).containsExactly(
                point("a", 1, "b", 88), point("a", 1, "b", 99),
                point("a", 2, "b", 88), point("a", 2, "b", 99),
                point("a", 3, "b", 88), point("a", 3, "b", 99));
    }

    /**
     * {@code stack(pgrid(a, b, c), pgrid(a2, b2, c))} (also written {@code this + that}) with a = [1, 2], b = [77, 88],
     * c = [const], a2 = [11, 22], b2 = [99].
     */
    @Test
    void stackOfTwoGrids() {
        assertThat(points("""
                space:
                  chain:
                    - grid: {a: [1, 2], b: [77, 88], c: [const]}
                    - grid: {a: [11, 22], b: [99], c: [const]}
                """)).containsExactly(
                point("a", 1, "b", 77, "c", "const"),
                point("a", 1, "b", 88, "c", "const"),
                point("a", 2, "b", 77, "c", "const"),
                point("a", 2, "b", 88, "c", "const"),
                point("a", 11, "b", 99, "c", "const"),
                point("a", 22, "b", 99, "c", "const"));
    }

    /** {@code pgrid(plist("x", [1, 2]), stack(plist("y", [3]), plist("y", [4, 5])))}: nesting both ways. */
    @Test
    void gridOfAListAndAStack() {
        assertThat(points("""
                space:
                  product:
                    - grid: {x: [1, 2]}
                    - chain: [{zip: {y: [3]}}, {points: [{y: 4}, {y: 5}]}]
                """)).containsExactly(
                point("x", 1, "y", 3), point("x", 1, "y", 4), point("x", 1, "y", 5),
                point("x", 2, "y", 3), point("x", 2, "y", 4), point("x", 2, "y", 5));
    }

    /** {@code pgrid(zip(a, b), zip(c, d))}: a grid of two zips. */
    @Test
    void gridOfTwoZips() {
        assertThat(points("""
                space:
                  product:
                    - zip: {a: [1, 2], b: [3, 4]}
                    - zip: {c: [5, 6], d: [7, 8]}
                """)).containsExactly(
                point("a", 1, "b", 3, "c", 5, "d", 7), point("a", 1, "b", 3, "c", 6, "d", 8),
                point("a", 2, "b", 4, "c", 5, "d", 7), point("a", 2, "b", 4, "c", 6, "d", 8));
    }
}
