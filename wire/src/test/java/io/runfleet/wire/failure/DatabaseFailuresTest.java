package io.runfleet.wire.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aBrokenConnectionAnywhereInTheCauseChainIsTransient() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(DatabaseFailures.isTransient(new IllegalStateException("transaction failed", refused))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        IllegalStateException commitFailed = new IllegalStateException("could not commit");
        commitFailed.addSuppressed(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        assertThat(DatabaseFailures.isTransient(commitFailed)).isTrue();
    }

    @Test
    void badDataAndBugsAreNotTransient() {
        assertThat(DatabaseFailures.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseFailures.isTransient(new SQLException("invalid input syntax", "22P02"))).isFalse();
        assertThat(DatabaseFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(DatabaseFailures.isTransient(new NullPointerException())).isFalse();
    }
}
