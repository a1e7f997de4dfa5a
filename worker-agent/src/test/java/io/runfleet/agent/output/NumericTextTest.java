package io.runfleet.agent.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumericTextTest {

    @Test
    void integralTextBecomesLong() {
        assertThat(NumericText.valueOf("42")).isEqualTo(42L);
        assertThat(NumericText.valueOf("-7")).isEqualTo(-7L);
    }

    @Test
    void decimalTextBecomesDouble() {
        assertThat(NumericText.valueOf("3.25")).isEqualTo(3.25);
        assertThat(NumericText.valueOf("1e-3")).isEqualTo(1e-3);
        assertThat(NumericText.valueOf("99999999999999999999")).isEqualTo(1e20);
    }

    @Test
    void otherTextStaysText() {
        assertThat(NumericText.valueOf("1.2.3")).isEqualTo("1.2.3");
        assertThat(NumericText.valueOf("NaN")).isEqualTo("NaN");
        assertThat(NumericText.valueOf("0x10")).isEqualTo("0x10");
    }
}
