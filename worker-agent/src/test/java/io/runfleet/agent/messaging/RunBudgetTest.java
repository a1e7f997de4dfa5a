package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code runfleet.agent.max-runs}: what the agent asks for and when it is done. */
class RunBudgetTest {

    @Test
    void anAgentOfOneRunAsksForOneWhateverItsSlotsAndIsSpentAfterIt() {
        RunBudget budget = new RunBudget(OptionalInt.of(1));

        assertThat(budget.initialCredit(4)).isEqualTo(1);
        assertThat(budget.spent()).isFalse();
        assertThat(budget.took()).as("its one run was the last").isTrue();
        assertThat(budget.spent()).isTrue();
    }

    @Test
    void aLimitAboveTheSlotsAsksForTheSlotsAndLastsThatManyRuns() {
        RunBudget budget = new RunBudget(OptionalInt.of(3));

        assertThat(budget.initialCredit(2)).isEqualTo(2);
        assertThat(budget.took()).isFalse();
        assertThat(budget.took()).isFalse();
        assertThat(budget.took()).isTrue();
    }

    @Test
    void withoutALimitTheAgentNeverRunsOut() {
        RunBudget budget = new RunBudget(OptionalInt.empty());

        assertThat(budget.initialCredit(8)).isEqualTo(8);
        for (int i = 0; i < 1_000; i++) {
            assertThat(budget.took()).isFalse();
        }
        assertThat(budget.spent()).isFalse();
    }
}
