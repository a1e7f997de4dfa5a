package io.runfleet.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ListedKindsTest {

    private static final String CONTAINER = "container";
    private static final Set<String> NONE_ACTIVE = Set.of();

    private final ListedKinds kinds = new ListedKinds(Set.of(CONTAINER));

    @Test
    void theFirstRoundListsEveryKindToAdoptWhatAnEarlierProcessLeft() {
        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isTrue();
    }

    @Test
    void aKindWithoutAgentsOrActiveStudiesIsNotListedAgain() {
        kinds.listed(CONTAINER, 0, NONE_ACTIVE);

        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isFalse();
        assertThat(kinds.shouldList(CONTAINER, Set.of(CONTAINER))).as("a study of the kind is active").isTrue();
    }

    @Test
    void agentsStartedForAStudyThatEndsBeforeTheNextRoundAreStillFoundAndStopped() {
        kinds.listed(CONTAINER, 0, Set.of(CONTAINER)); // then this round starts the study's agents; the study ends

        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isTrue();
        kinds.listed(CONTAINER, 2, NONE_ACTIVE); // found, not wanted: being stopped
        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).as("until a listing finds none").isTrue();
        kinds.listed(CONTAINER, 0, NONE_ACTIVE);
        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isFalse();
    }

    @Test
    void aKindWhoseListingFailedIsListedAgain() {
        kinds.listed(CONTAINER, 0, NONE_ACTIVE);
        kinds.failed(CONTAINER);

        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isTrue();
    }
}
