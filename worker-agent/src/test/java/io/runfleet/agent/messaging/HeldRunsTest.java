package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.execution.RunRequests;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldRunsTest {

    private final HeldRuns held = new HeldRuns();

    @Test
    void heartbeatFollowsTheMostDemandingHeldRun() {
        Duration fallback = Duration.ofSeconds(2);
        assertThat(held.heartbeatInterval(fallback)).isEqualTo(fallback);

        held.hold(request("a", 5000));
        held.hold(request("b", 750));
        held.hold(request("c", 0));

        assertThat(held.heartbeatInterval(fallback)).isEqualTo(Duration.ofMillis(750));
        held.drop(new RunRef("b", 1));
        assertThat(held.heartbeatInterval(fallback)).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void aDuplicateDeliveryIsNotHeldTwice() {
        assertThat(held.hold(request("a", 0))).isTrue();
        assertThat(held.hold(request("a", 0))).isFalse();
        assertThat(held.refs()).containsExactly(new RunRef("a", 1));
    }

    @Test
    void idleTimeCountsOnlyWhileNothingIsHeld() throws InterruptedException {
        held.hold(request("a", 0));
        assertThat(held.idleFor()).isZero();

        held.drop(new RunRef("a", 1));
        Thread.sleep(20);

        assertThat(held.idleFor()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(held.awaitEmpty(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitEmptyGivesUpWhileRunsAreHeld() throws InterruptedException {
        held.hold(request("a", 0));

        assertThat(held.awaitEmpty(Duration.ofMillis(50))).isFalse();
        assertThat(held.releaseUndelivered()).containsExactly(new RunRef("a", 1));
        assertThat(held.isEmpty()).isTrue();
    }

    @Test
    void aRunIsEitherReleasedOrHasItsResultDeliveredNeverBoth() {
        held.hold(request("executing", 0));
        held.hold(request("delivering", 0));
        assertThat(held.deliver(new RunRef("delivering", 1))).isTrue();

        assertThat(held.releaseUndelivered()).containsExactly(new RunRef("executing", 1));
        assertThat(held.refs()).containsExactly(new RunRef("delivering", 1));
        assertThat(held.deliver(new RunRef("executing", 1))).as("result of a released run").isFalse();
    }

    private static RunRequest request(String runId, long heartbeatMillis) {
        RunSpec spec = RunRequests.command(List.of("true"));
        return new RunRequest(WireMessage.SCHEMA_VERSION, "s", runId, 0, 1, Map.of(), null, spec, heartbeatMillis,
                null, null);
    }
}
