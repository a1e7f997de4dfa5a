package io.runfleet.scheduler.persistence;

import static io.runfleet.scheduler.persistence.RunState.CANCELLED;
import static io.runfleet.scheduler.persistence.RunState.DISPATCHED;
import static io.runfleet.scheduler.persistence.RunState.FAILED;
import static io.runfleet.scheduler.persistence.RunState.PENDING;
import static io.runfleet.scheduler.persistence.RunState.RETRYING;
import static io.runfleet.scheduler.persistence.RunState.RUNNING;
import static io.runfleet.scheduler.persistence.RunState.SUCCEEDED;
import static io.runfleet.scheduler.persistence.RunState.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (from, to) pair against the table of docs/design.md, plus the resume transitions. */
class RunStateTest {

    private static final Map<RunState, Set<RunState>> DESIGN_TABLE = Map.of(
            PENDING, EnumSet.of(DISPATCHED, CANCELLED),
            DISPATCHED, EnumSet.of(RUNNING, PENDING, SUCCEEDED, FAILED, TIMED_OUT, RETRYING, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, RETRYING, PENDING, CANCELLED),
            RETRYING, EnumSet.of(DISPATCHED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(RunState.class),
            FAILED, EnumSet.of(PENDING),
            TIMED_OUT, EnumSet.of(PENDING),
            CANCELLED, EnumSet.of(PENDING));

    @Test
    void everyPairFollowsTheDesignTable() {
        assertThat(DESIGN_TABLE.keySet()).containsExactlyInAnyOrder(RunState.values());
        int allowed = 0;
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                boolean expected = DESIGN_TABLE.get(from).contains(to);
                assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(expected);
                if (expected) {
                    assertThat(from.transitionTo(to)).isEqualTo(to);
                    allowed++;
                } else {
                    assertThatThrownBy(() -> from.transitionTo(to))
                            .as(from + " -> " + to)
                            .isInstanceOf(IllegalStateTransition.class)
                            .hasMessageContaining(from.name()).hasMessageContaining(to.name());
                }
            }
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void terminalStatesAreTheEndedOnesAndOnlyAResumeLeavesThem() {
        assertThat(RunState.TERMINAL).containsExactlyInAnyOrder(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED);
        for (RunState state : RunState.values()) {
            assertThat(state.isTerminal()).as(state.name()).isEqualTo(RunState.TERMINAL.contains(state));
            if (state.isTerminal()) {
                assertThat(DESIGN_TABLE.get(state)).as("exits of " + state).isSubsetOf(PENDING);
            }
        }
        assertThat(RunState.RESUMABLE).containsExactlyInAnyOrder(FAILED, TIMED_OUT, CANCELLED);
        assertThat(RunState.UNFINISHED).containsExactlyInAnyOrder(PENDING, DISPATCHED, RUNNING, RETRYING);
        assertThat(RunState.sourcesOf(CANCELLED)).isEqualTo(RunState.UNFINISHED);
        assertThat(RunState.sourcesOf(DISPATCHED)).containsExactlyInAnyOrder(PENDING, RETRYING);
    }

    @Test
    void aRowRefusesAnIllegalChangeAndKeepsItsState() {
        RunRow row = new RunRow("r1", "s1", 0, SUCCEEDED, 1);
        assertThatThrownBy(() -> row.moveTo(RUNNING)).isInstanceOf(IllegalStateTransition.class);
        assertThat(row.state()).isEqualTo(SUCCEEDED);
        assertThatThrownBy(() -> row.moveTo(PENDING)).as("a succeeded run is never resumed")
                .isInstanceOf(IllegalStateTransition.class);
    }

    @Test
    void aResumedRunGoesBackToPendingAndItsNextDispatchIsANewAttempt() {
        RunRow row = new RunRow("r1", "s1", 0, FAILED, 2);
        row.moveTo(PENDING);
        row.startNextAttempt();
        assertThat(row.state()).isEqualTo(DISPATCHED);
        assertThat(row.attempt()).isEqualTo(3);
    }
}
