package io.runfleet.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.study.Launch;
import org.junit.jupiter.api.Test;

class StudyLaunchTest {

    private static final int LIMIT = 3;

    @Test
    void aStartThatFailsEveryTimeIsTriedOnceAndThenUpToTheReplacementLimit() {
        StudyLaunch launch = new StudyLaunch("s1", new Launch.Local(1, 1));
        int attempts = 0;
        while (launch.mayStart(LIMIT) && attempts < 100) {
            attempts++;
            launch.couldNotStart("the image cannot run");
        }
        assertThat(attempts).isEqualTo(1 + LIMIT);
        assertThat(launch.died()).isEqualTo(1 + LIMIT);
        assertThat(launch.replaced()).isEqualTo(LIMIT);
    }

    @Test
    void agentsThatDieAfterStartingAreReplacedUpToTheLimit() {
        StudyLaunch launch = new StudyLaunch("s1", new Launch.Local(1, 1));
        launch.started();
        for (int death = 1; death <= LIMIT; death++) {
            launch.died("exited with 137");
            assertThat(launch.mayStart(LIMIT)).as("replacement %d", death).isTrue();
            launch.started();
        }
        launch.died("exited with 137");
        assertThat(launch.mayStart(LIMIT)).isFalse();
        assertThat(launch.replaced()).isEqualTo(LIMIT);
    }

    @Test
    void aFirstStartThatSucceedsAfterAFailedOneUsesOneReplacement() {
        StudyLaunch launch = new StudyLaunch("s1", new Launch.Local(1, 1));
        launch.couldNotStart("engine busy");
        assertThat(launch.mayStart(LIMIT)).isTrue();
        launch.started();
        assertThat(launch.replaced()).isEqualTo(1);
        assertThat(launch.mayStart(LIMIT)).isTrue();
    }
}
