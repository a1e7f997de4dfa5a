package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRoutingKeyTest {

    @Test
    void namesStudyAndLowerCaseOutcome() {
        assertThat(EventRoutingKey.of(event("s-42", RunOutcome.TIMED_OUT))).isEqualTo("study.s-42.run.timed_out");
    }

    @Test
    void keepsDotsAndWildcardsOfAStudyIdOutOfTheKeyWords() {
        assertThat(EventRoutingKey.of(event("a.b*c#", RunOutcome.SUCCEEDED))).isEqualTo("study.a_b_c_.run.succeeded");
    }

    @Test
    void aStudysStopIsRoutedByItsTypeWithTheStudysNumberAsMessageId() {
        byte[] stop = "{\"type\":\"study.stopped\",\"studyId\":\"s.1\",\"studySeq\":4,\"reason\":\"done\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(StoppedEvent.of(stop)).contains(new StoppedEvent("s.1", 4));
        assertThat(EventRoutingKey.ofStopped("s.1")).isEqualTo("study.s_1.stopped");
        assertThat(StoppedEvent.of(WireCodec.encode(event("s", RunOutcome.FAILED)))).isEmpty();
    }

    private static RunCompleted event(String studyId, RunOutcome outcome) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new RunCompleted(1, 7, studyId, "r-1", 1, 1, outcome, 0, Map.of(), null, "agent-1", "host", now, now);
    }
}
