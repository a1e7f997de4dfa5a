package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.scheduler.persistence.StoredStudy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The study cache keeps at most its capacity, dropping the least recently used study. */
class StudyCacheTest {

    private final List<String> loads = new ArrayList<>();
    private final StudyCache cache = new StudyCache(2, (connection, id) -> {
        loads.add(id);
        return Optional.of(new StoredStudy(id, null, null, null, List.of(), Optional.empty()));
    });

    @Test
    void theLeastRecentlyUsedStudyLeavesAndIsReadAgainWhenNeeded() throws Exception {
        cache.get(null, "a");
        cache.get(null, "b");
        cache.get(null, "a");
        cache.get(null, "c");

        assertThat(cache.size()).isEqualTo(2);
        cache.get(null, "a");
        assertThat(loads).as("a was used last, so b left").containsExactly("a", "b", "c");
        cache.get(null, "b");
        assertThat(loads).containsExactly("a", "b", "c", "b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StudyCache(0, (connection, id) -> Optional.empty()))
                .hasMessageContaining("runfleet.scheduler.study-cache-size");
    }
}
