package io.runfleet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkDirectoryTest {

    private static final Path CURRENT = Path.of("").toAbsolutePath();

    @Test
    void agentsStartedAlikeInOneDirectoryGetADirectoryEachOutsideIt() {
        Map<String, String> environment = Map.of();
        Path first = WorkDirectory.resolve(Optional.empty(), "node7-1234", environment, "/home/ada");
        Path second = WorkDirectory.resolve(Optional.empty(), "node7-1235", environment, "/home/ada");

        assertThat(first).isEqualTo(Path.of("/home/ada/.local/share/runfleet/work/node7-1234"));
        assertThat(second).isNotEqualTo(first);
        assertThat(first).isAbsolute();
        assertThat(first.startsWith(CURRENT)).as("%s lies in the current directory %s", first, CURRENT).isFalse();
    }

    @Test
    void theDefaultFollowsXdgDataHomeWhenItIsAbsolute() {
        assertThat(WorkDirectory.resolve(Optional.empty(), "a1", Map.of("XDG_DATA_HOME", "/data/ada"), "/home/ada"))
                .isEqualTo(Path.of("/data/ada/runfleet/work/a1"));
        assertThat(WorkDirectory.resolve(Optional.empty(), "a1", Map.of("XDG_DATA_HOME", "rel"), "/home/ada"))
                .isEqualTo(Path.of("/home/ada/.local/share/runfleet/work/a1"));
    }

    @Test
    void aConfiguredWorkDirectoryIsUsedAsGiven() {
        assertThat(WorkDirectory.resolve(Optional.of(Path.of("/scratch/w")), "a1", Map.of(), "/home/ada"))
                .isEqualTo(Path.of("/scratch/w"));
    }

    @Test
    void anAgentIdBecomesOneSafeDirectoryName() {
        assertThat(WorkDirectory.directoryName("node 7/../x")).isEqualTo("node_7_.._x");
        assertThat(WorkDirectory.directoryName("..")).isEqualTo("__");
    }

    @Test
    void withoutAHomeTheAgentAsksForTheSetting() {
        assertThatThrownBy(() -> WorkDirectory.resolve(Optional.empty(), "a1", Map.of(), "?"))
                .hasMessageContaining("runfleet.agent.work-dir");
    }
}
