package io.runfleet.scheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedRunIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = UUID.fromString(TimeOrderedRunIds.next(millis));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        String earlier = TimeOrderedRunIds.next(1_796_000_000_123L);
        String later = TimeOrderedRunIds.next(1_796_000_000_124L);
        assertThat(later).hasSize(36).isGreaterThan(earlier);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedRunIds.next(1_796_000_000_123L));
        }
        assertThat(ids).hasSize(100_000);
    }
}
