package io.runfleet.scheduler.launch.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandResultTest {

    @Test
    void aLimitTheHostRefusesIsExplainedWithTheSettingThatFixesIt() {
        CommandResult refused = new CommandResult(List.of("podman", "run", "img"), 126, "", "Error: runc: runc create"
                + " failed: error setting rlimits for ready process: error setting rlimit type 7: operation not"
                + " permitted: OCI permission denied");
        assertThat(refused.describe()).startsWith("`podman run img` exited with 126: Error: runc")
                .contains("runfleet.containers.containers-conf", "CONTAINERS_CONF", "default_ulimits");
    }

    @Test
    void otherFailuresAreShownAsTheEngineSaidThem() {
        CommandResult failed = new CommandResult(List.of("podman", "run", "img"), 125, "", "Error: no such image\n");
        assertThat(failed.describe()).isEqualTo("`podman run img` exited with 125: Error: no such image");
    }
}
