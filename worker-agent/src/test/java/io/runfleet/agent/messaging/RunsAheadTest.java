package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.execution.RunRequests;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The accounting of runs sent ahead: at every step, credit handed out and not yet used + runs waiting + runs executing
 * = slots + level, so the agent never holds more than it asked for and never stops asking while it has room.
 */
class RunsAheadTest {

    private static final Duration SHORT = Duration.ofMillis(3);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RunsAhead ahead = new RunsAhead(2, 2, WAIT);
    /** Credit handed to the sender and not yet used by an arriving run, as the consumer keeps it. */
    private int credit = 2;
    private int executing;

    @Test
    void noRunIsAskedForAheadUntilRunsProveShortAndThenAtMostTheLimit() {
        arrive("a", 0);
        arrive("b", 0);
        assertThat(credit).isZero();
        free(SHORT);
        assertThat(ahead.level()).isEqualTo(1);
        assertThat(credit).as("the freed slot's run and one ahead").isEqualTo(2);
        arrive("c", 0);
        arrive("d", 0);
        assertThat(ahead.waitingCount()).isEqualTo(1);
        free(SHORT);
        free(SHORT);
        free(SHORT);
        assertThat(ahead.level()).as("the limit").isEqualTo(2);
        assertThat(executing + ahead.waitingCount() + credit).isEqualTo(2 + ahead.level());
    }

    @Test
    void longRunsTakeTheRunsAheadBackOneByOne() {
        arrive("a", 0);
        arrive("b", 0);
        free(SHORT);
        free(SHORT);
        assertThat(ahead.level()).isEqualTo(2);
        arrive("c", 0);
        arrive("d", 0);
        arrive("e", 0);
        arrive("f", 0);
        assertThat(ahead.waitingCount()).isEqualTo(2);
        free(LONG);
        assertThat(credit).as("a long run's slot asks for nothing while runs are ahead").isZero();
        free(LONG);
        assertThat(ahead.level()).isZero();
        assertThat(executing).isEqualTo(2);
        assertThat(ahead.waitingCount()).isZero();
        free(LONG);
        assertThat(credit).as("without runs ahead each slot asks for its next").isEqualTo(1);
        assertThat(executing + ahead.waitingCount() + credit).isEqualTo(2 + ahead.level());
    }

    @Test
    void aRunThatWaitedTooLongGoesBackAndIsNotAskedForAgainAtOnce() {
        arrive("a", 0);
        arrive("b", 0);
        free(SHORT);
        arrive("c", 0);
        arrive("d", 0);
        assertThat(ahead.waitingCount()).isEqualTo(1);
        long late = WAIT.toNanos() + 1;
        RunsAhead.Handback handback = ahead.overdue(late);
        assertThat(handback.runs()).extracting(run -> run.request().ref().runId()).containsExactly("d");
        assertThat(handback.credit()).as("its place is given up, not asked for again").isZero();
        assertThat(ahead.level()).isZero();
        assertThat(ahead.overdue(late).runs()).isEmpty();
        assertThat(executing + ahead.waitingCount() + credit + handback.credit()).isEqualTo(2 + ahead.level());
    }

    @Test
    void aRunCancelledWhileItWaitedIsSkippedAndItsPlaceAskedForAgain() {
        arrive("a", 0);
        arrive("b", 0);
        free(SHORT);
        arrive("c", 0);
        arrive("d", 0);
        RunsAhead.Freed freed = ahead.slotFreed(SHORT, Set.of(request("d").ref())::contains);
        assertThat(freed.dropped()).extracting(run -> run.request().ref().runId()).containsExactly("d");
        assertThat(freed.next()).isNull();
        assertThat(freed.credit()).as("the freed slot, one more ahead, and the dropped run's place").isEqualTo(3);
    }

    @Test
    void everyWaitingRunGoesBackWhenTheAgentStopsTakingRuns() {
        arrive("a", 0);
        arrive("b", 0);
        free(SHORT);
        arrive("c", 0);
        arrive("d", 0);
        assertThat(ahead.removeAll()).extracting(run -> run.request().ref().runId()).containsExactly("d");
        assertThat(ahead.isWaiting(request("d").ref())).isFalse();
    }

    @Test
    void aSlotFreedWithoutARunLearnsNothing() {
        arrive("a", 0);
        arrive("b", 0);
        free(SHORT);
        assertThat(ahead.level()).isEqualTo(1);
        arrive("c", 0);
        arrive("d", 0);
        RunsAhead.Freed freed = ahead.slotFreedUnused(ref -> false);
        assertThat(freed.next().request().ref().runId()).as("the waiting run takes the slot").isEqualTo("d");
        assertThat(freed.credit()).as("only the slot's own run is asked for").isEqualTo(1);
        assertThat(ahead.level()).as("a copy dropped is no short run").isEqualTo(1);
    }

    @Test
    void withoutRunsAheadASlotOnlyEverAsksForItsNextRun() {
        RunsAhead none = new RunsAhead(1, 0, WAIT);
        assertThat(none.arrived(request("a"), message(), 0)).isTrue();
        for (int i = 0; i < 5; i++) {
            RunsAhead.Freed freed = none.slotFreed(SHORT, ref -> false);
            assertThat(freed.credit()).isEqualTo(1);
            assertThat(none.arrived(request("r" + i), message(), 0)).as("the slot is free").isTrue();
        }
        assertThat(none.level()).isZero();
    }

    private void arrive(String runId, long nanos) {
        assertThat(credit).as("a run arrives only on credit").isPositive();
        credit--;
        if (ahead.arrived(request(runId), message(), nanos)) {
            executing++;
        }
    }

    private void free(Duration took) {
        RunsAhead.Freed freed = ahead.slotFreed(took, ref -> false);
        credit += freed.credit();
        if (freed.next() == null) {
            executing--;
        }
    }

    private static RunRequest request(String runId) {
        RunSpec spec = new RunSpec(List.of("true"), false, null, Map.of(), Map.of(), 0, List.of(), "none");
        return RunRequests.request(runId, spec, Map.of());
    }

    private static Message<byte[]> message() {
        return Message.of(new byte[0]);
    }
}
