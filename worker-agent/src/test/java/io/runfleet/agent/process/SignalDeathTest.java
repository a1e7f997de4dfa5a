package io.runfleet.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalDeathTest {

    @Test
    void namesTheSignalOfAnExitValueAbove128() {
        assertThat(SignalDeath.describe(137)).contains("killed by signal 9 (SIGKILL)");
        assertThat(SignalDeath.describe(143)).contains("killed by signal 15 (SIGTERM)");
        assertThat(SignalDeath.describe(139)).contains("killed by signal 11 (SIGSEGV)");
        assertThat(SignalDeath.describe(128 + 40)).contains("killed by signal 40");
    }

    @Test
    void anOrdinaryExitCodeIsNoSignal() {
        assertThat(SignalDeath.describe(0)).isEmpty();
        assertThat(SignalDeath.describe(3)).isEmpty();
        assertThat(SignalDeath.describe(128)).isEmpty();
        assertThat(SignalDeath.describe(128 + 65)).isEmpty();
        assertThat(SignalDeath.describe(255)).isEmpty();
    }
}
