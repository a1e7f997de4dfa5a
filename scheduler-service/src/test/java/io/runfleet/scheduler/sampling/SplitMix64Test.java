package io.runfleet.scheduler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void matchesTheReferenceOutputForSeed1234567() {
        SplitMix64 stream = new SplitMix64(1234567);
        String[] expected = {"6457827717110365317", "3203168211198807973", "9817491932198370423",
            "4593380528125082431", "16408922859458223821"};
        for (String value : expected) {
            assertThat(Long.toUnsignedString(stream.nextLong())).isEqualTo(value);
        }
    }

    @Test
    void isTheStreamOfTheJdksSplittableRandom() {
        for (long seed : new long[] {0, 1, -7, Long.MAX_VALUE}) {
            SplitMix64 ours = new SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
            }
        }
    }

    @Test
    void openUnitNumbersNeverReachZeroOrOneAndIndicesStayInBounds() {
        SplitMix64 stream = new SplitMix64(42);
        for (int i = 0; i < 10_000; i++) {
            assertThat(stream.nextOpenUnit()).isGreaterThan(0.0).isLessThan(1.0);
            assertThat(stream.nextIndex(7)).isBetween(0, 6);
        }
    }
}
