package io.runfleet.scheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.scheduler.study.Stage;
import io.runfleet.wire.RunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored JSON columns stay readable after an upgrade; a damaged one names its row. */
class StoredJsonTest {

    @Test
    void aSpecWrittenBeforeNewerFieldsExistedIsReadWithTheirDefaults() {
        // a spec as an early build stored it: no shell, builtin, environment, files, timeout, outputs or keep
        RunSpec spec = StoredJson.spec("{\"command\":[\"echo\",\"{{ x }}\"]}", "s1");

        assertThat(spec.command()).containsExactly("echo", "{{ x }}");
        assertThat(spec.shell()).isFalse();
        assertThat(spec.builtin()).isNull();
        assertThat(spec.environment()).isEmpty();
        assertThat(spec.files()).isEmpty();
        assertThat(spec.timeoutMillis()).isZero();
        assertThat(spec.outputs()).isEmpty();
        assertThat(spec.keep()).isEqualTo("all");
    }

    @Test
    void aFieldALaterBuildWroteIsIgnored() {
        RunSpec spec = StoredJson.spec("{\"command\":[\"true\"],\"keep\":\"none\",\"addedLater\":{\"a\":1}}", "s1");

        assertThat(spec.keep()).isEqualTo("none");
    }

    @Test
    void stagesWrittenBeforeNewerFieldsExistedAreReadWithTheirDefaults() {
        List<Stage> stages = StoredJson.stages("[{\"index\":1,\"name\":\"post\",\"spec\":{\"builtin\":\"noop\"},"
                + "\"policy\":{\"maxParallel\":2,\"retries\":0,\"backoff\":1.0,\"crashLimit\":3}}]", "s1");

        assertThat(stages).hasSize(1);
        assertThat(stages.get(0).uses()).isEmpty();
        assertThat(stages.get(0).points()).containsExactly(Map.of());
        assertThat(stages.get(0).spec().keep()).isEqualTo("all");
    }

    @Test
    void aDamagedSpecNamesItsStudy() {
        assertThatThrownBy(() -> StoredJson.spec("{not json", "0123456789ab"))
                .isInstanceOf(UnreadableRow.class)
                .hasMessageStartingWith("study 0123456789ab has an unreadable spec: ");
        assertThatThrownBy(() -> StoredJson.spec("null", "0123456789ab"))
                .isInstanceOf(UnreadableRow.class)
                .hasMessageContaining("study 0123456789ab has no spec");
    }
}
