package io.runfleet.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputColumnOrderTest {

    @Test
    void followsTheRunsOrderWhicheverRunComesFirst() {
        List<List<String>> rows = List.of(List.of(), List.of("energy"), List.of("t_mean", "t_max", "energy"),
                List.of("t_mean", "energy"));
        for (int shift = 0; shift < rows.size(); shift++) {
            List<List<String>> shifted = new ArrayList<>(rows);
            Collections.rotate(shifted, shift);

            assertThat(order(shifted)).as("rows %s", shifted).containsExactly("t_mean", "t_max", "energy");
        }
    }

    @Test
    void outputsNeverSeenTogetherOrRunsThatDisagreeGoByName() {
        assertThat(order(List.of(List.of("zeta"), List.of("alpha")))).containsExactly("alpha", "zeta");
        assertThat(order(List.of(List.of("b", "a"), List.of("a", "b")))).containsExactly("a", "b");
        assertThat(order(List.of(List.of("z", "b", "a"), List.of("a", "b"), List.of("c"))))
                .containsExactly("c", "z", "a", "b");
    }

    private static List<String> order(List<List<String>> rows) {
        OutputColumnOrder order = new OutputColumnOrder();
        rows.forEach(order::add);
        return order.ordered();
    }
}
