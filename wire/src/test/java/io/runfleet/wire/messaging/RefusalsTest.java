package io.runfleet.wire.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RefusedForGoodException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    @Test
    void unreadableMessagesAndRefusedDataAreTerminalAnywhereInTheCauseChain() {
        assertThat(Refusals.isTerminal(new MalformedMessageException("field 'runId' is missing"))).isTrue();
        assertThat(Refusals.isTerminal(new RefusedForGoodException("does not fit"))).isTrue();
        assertThat(Refusals.isTerminal(new SQLException("value too long for type character varying(200)", "22001")))
                .isTrue();
        assertThat(Refusals.isTerminal(new IllegalStateException("commit failed",
                new SQLException("duplicate key", "23505")))).isTrue();
        assertThat(Refusals.isTerminal(new CompletionException(new MalformedMessageException("x")))).isTrue();
    }

    @Test
    void everythingElseIsTransient() {
        assertThat(Refusals.isTerminal(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(Refusals.isTerminal(new IllegalStateException("the loop is stopping"))).isFalse();
        assertThat(Refusals.isTerminal(new UndeliverableException("no acknowledgement"))).isFalse();
        assertThat(Refusals.isTerminal(null)).isFalse();
    }

    @Test
    void aReasonIsOnePrintableLineAndForABatchTheDatabasesOwnError() {
        SQLException batch = new java.sql.BatchUpdateException("Batch entry 0 INSERT ... ('bad\u0000byte') was aborted",
                "22021", new int[0]);
        batch.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        assertThat(Refusals.reason(batch)).isEqualTo("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(Refusals.reason(new IllegalStateException("bad\u0000byte\nsecond line"))).isEqualTo("bad byte second line");
        assertThat(Refusals.reason(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }
}
