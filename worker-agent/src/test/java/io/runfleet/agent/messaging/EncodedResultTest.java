package io.runfleet.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.KeptFile;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedResultTest {

    private static final KeptFiles KEPT = new KeptFiles("/w/s/0-r-a1", List.of(new KeptFile("stdout", 3, "0".repeat(64))),
            0);

    @Test
    void aResultWithinTheLimitIsSentAsItIs() {
        RunResult result = result(Map.of("e", 1.5));

        EncodedResult encoded = EncodedResult.within(result, WireCodec.MAX_MESSAGE_BYTES);

        assertThat(encoded.result()).isSameAs(result);
        assertThat(WireCodec.decode(encoded.bytes(), RunResult.class)).isEqualTo(result);
    }

    @Test
    void aResultOverTheLimitBecomesFailedSayingHowLargeItWasAndWhichOutputMadeIt() {
        RunResult result = result(Map.of("small", 1, "blob", "x".repeat(5000)));

        EncodedResult encoded = EncodedResult.within(result, 4000);

        RunResult sent = WireCodec.decode(encoded.bytes(), RunResult.class);
        assertThat(sent).isEqualTo(encoded.result());
        assertThat(sent.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(sent.outputs()).isEmpty();
        assertThat(sent.error()).matches("result refused: \\d{4} bytes encoded, more than the message limit of 4000 "
                + "bytes; the largest output is 'blob' with 5002 bytes; keep bulk data in files \\(results list them "
                + "by reference\\) and output a summary");
        assertThat(sent.kept()).isEqualTo(KEPT);
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.ref()).isEqualTo(result.ref());
        assertThat(sent.params()).isEqualTo(result.params());
        assertThat(encoded.bytes().length).isLessThan(4000);
    }

    private static RunResult result(Map<String, Object> outputs) {
        return new RunResult(WireMessage.SCHEMA_VERSION, "s", "r", 0, 1, Map.of("x", 1), "h", RunOutcome.SUCCEEDED, 0,
                outputs, null, null, "agent", "host", Instant.EPOCH, Instant.EPOCH, "main", null, KEPT);
    }
}
