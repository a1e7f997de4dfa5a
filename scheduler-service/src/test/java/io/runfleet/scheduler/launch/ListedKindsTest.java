package io.runfleet.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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

    @Test
    void aKindThatKeepsFailingIsListedLessOftenUpToTheLongestWait() {
        List<Integer> roundsBetween = new ArrayList<>();
        for (int failure = 1; failure <= 10; failure++) {
            kinds.failed(CONTAINER);
            roundsBetween.add(roundsUntilListed(NONE_ACTIVE));
        }
        assertThat(roundsBetween).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 128, 128);
    }

    @Test
    void aKindWhoseStudyIsActiveIsListedEveryRoundHoweverOftenItFailed() {
        for (int failure = 1; failure <= 10; failure++) {
            kinds.failed(CONTAINER);
        }
        assertThat(kinds.shouldList(CONTAINER, Set.of(CONTAINER))).isTrue();
    }

    @Test
    void aListingThatWorksAgainEndsTheWait() {
        for (int failure = 1; failure <= 10; failure++) {
            kinds.failed(CONTAINER);
        }
        kinds.listed(CONTAINER, 1, NONE_ACTIVE); // a study of the kind listed it meanwhile: one agent, being stopped

        assertThat(kinds.shouldList(CONTAINER, NONE_ACTIVE)).isTrue();
        kinds.failed(CONTAINER);
        assertThat(roundsUntilListed(NONE_ACTIVE)).as("the first failure of a new row").isEqualTo(1);
    }

    @Test
    void aFailureThatKeepsRecurringIsWarnedOfFirstThenOnceInSixteen() {
        assertThat(IntStream.rangeClosed(1, 64).filter(ListedKinds::worthWarning).boxed().toList())
                .containsExactly(1, 2, 3, 16, 32, 48, 64);
    }

    /** Rounds from now to the first that lists the kind, that one included. */
    private int roundsUntilListed(Set<String> activeKinds) {
        int rounds = 1;
        while (!kinds.shouldList(CONTAINER, activeKinds)) {
            rounds++;
        }
        return rounds;
    }
}
