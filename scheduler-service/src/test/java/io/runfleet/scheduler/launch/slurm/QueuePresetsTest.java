package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.study.InvalidStudyException;
import io.runfleet.scheduler.study.Launch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The presets a scheduler knows, and the 400 for a study that names another. */
class QueuePresetsTest {

    private final QueuePresets presets = new QueuePresets(Map::of);

    @Test
    void theBuiltInPresetsAndAutoAreKnown() throws LaunchException {
        assertThat(presets.names()).containsExactly("slurm", "pbs", "pbspro", "auto");
        assertThat(presets.of(spec("pbs"))).isEqualTo(QueuePreset.PBS);
    }

    @Test
    void aStoredStudyWhosePresetIsNoLongerConfiguredGetsALaunchErrorNotACrash() {
        assertThatThrownBy(() -> presets.of(spec("site-pbs"))).isInstanceOf(LaunchException.class)
                .hasMessageContaining("'site-pbs' (launch.slurm.system) is not configured")
                .hasMessageContaining("runfleet.launch.queue-systems.site-pbs");
    }

    @Test
    void anUnknownSystemIsRefusedNamingTheFieldByTheKeyUsedAndTheKnownPresets() {
        assertThatThrownBy(() -> presets.check(Optional.of(spec("lsf")), true))
                .isInstanceOfSatisfying(InvalidStudyException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.field()).isEqualTo("launch.pbs.system");
                        assertThat(problem.message()).contains("'lsf'").contains("slurm, pbs, pbspro, auto")
                                .contains("runfleet.launch.queue-systems.<name>");
                    });
                });
        presets.check(Optional.of(spec("auto")), false);
    }

    private static Launch.Slurm spec(String system) {
        return new Launch.Slurm(Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(1), 1, 1, 1, 1,
                1, 1, Duration.ofMinutes(2), Duration.ofMinutes(2), List.of(), List.of(), system,
                Launch.Slurm.Mode.AGENTS, 0, Optional.empty(), Optional.empty());
    }
}
