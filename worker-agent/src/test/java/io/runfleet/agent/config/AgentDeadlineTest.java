package io.runfleet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.agent.execution.ThreadEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentDeadlineTest {

    private static final Instant AT = Instant.parse("2026-12-06T18:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private static AgentDeadline deadline(String text) {
        return AgentDeadline.of(Optional.of(text), MARGIN).orElseThrow();
    }

    @Test
    void readsAnInstantOrEpochSecondsAndNothingForBlank() {
        assertThat(deadline("2026-12-06T18:00:00Z").at()).isEqualTo(AT);
        assertThat(deadline(" " + AT.getEpochSecond() + " ").at()).isEqualTo(AT);
        assertThat(AgentDeadline.of(Optional.of("  "), MARGIN)).isEmpty();
        assertThat(AgentDeadline.of(Optional.empty(), MARGIN)).isEmpty();
    }

    @Test
    void anUnreadableDeadlineNamesTheKeyAndTheAcceptedForms() {
        for (String bad : new String[] {"tomorrow", "2026-12-06 18:00", "-5", "99999999999999999999"}) {
            assertThatThrownBy(() -> deadline(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("runfleet.agent.deadline")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("epoch seconds");
        }
        assertThatThrownBy(() -> AgentDeadline.of(Optional.of("0"), Duration.ofSeconds(-1)))
                .hasMessageContaining("runfleet.agent.deadline-margin");
    }

    @Test
    void aRunFitsWhenItsTimeoutPlusTheMarginEndsByTheDeadline() {
        AgentDeadline deadline = deadline(AT.toString());
        Instant now = AT.minusSeconds(70);
        assertThat(deadline.fits(60_000, now)).isTrue();
        assertThat(deadline.fits(60_001, now)).isFalse();
        assertThat(deadline.left(now)).isEqualTo(Duration.ofSeconds(70));
        assertThat(deadline.fits(1, AT.plusSeconds(1))).isFalse();
    }

    @Test
    void aRunWithoutTimeoutFitsOnlyWhileMoreThanTheMarginIsLeft() {
        AgentDeadline deadline = deadline(AT.toString());
        assertThat(deadline.fits(0, AT.minusSeconds(11))).isTrue();
        assertThat(deadline.fits(0, AT.minusSeconds(10))).isFalse();
        assertThat(deadline.fits(0, AT.plusSeconds(5))).isFalse();
    }

    @Test
    void threadsPerRunSetsEveryLibrarysVariableAndNothingWhenUnset() {
        assertThat(ThreadEnvironment.of(OptionalInt.of(3)))
                .containsOnlyKeys(ThreadEnvironment.VARIABLES)
                .containsEntry("OMP_NUM_THREADS", "3")
                .containsEntry("JULIA_NUM_THREADS", "3");
        assertThat(ThreadEnvironment.of(OptionalInt.empty())).isEmpty();
    }
}
