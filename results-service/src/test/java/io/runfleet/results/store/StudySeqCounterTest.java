package io.runfleet.results.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer's per-study numbering, on an in-memory database holding what an earlier process wrote. */
class StudySeqCounterTest {

    private Connection connection;

    @BeforeEach
    void anOutboxWithAStudyNumberedUpToFive() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + ";DATABASE_TO_LOWER=TRUE");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA results");
            statement.execute("CREATE TABLE results.outbox (study_id VARCHAR(255), study_seq BIGINT)");
            statement.execute("INSERT INTO results.outbox VALUES ('old', 1), ('old', 2), ('old', 5)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void goesOnFromTheDatabasesHighestNumberAndStartsNewStudiesAtOne() throws SQLException {
        StudySeqCounter counter = new StudySeqCounter();
        StudySeqCounter.Reservation seqs = counter.begin(connection);

        assertThat(seqs.next("old")).isEqualTo(6);
        assertThat(seqs.next("new")).isEqualTo(1);
        assertThat(seqs.next("old")).isEqualTo(7);
        seqs.committed();

        assertThat(counter.begin(connection).next("old")).isEqualTo(8);
    }

    @Test
    void numbersOfATransactionThatDidNotCommitAreTakenAgain() throws SQLException {
        StudySeqCounter counter = new StudySeqCounter();
        StudySeqCounter.Reservation committed = counter.begin(connection);
        assertThat(committed.next("new")).isEqualTo(1);
        committed.committed();

        StudySeqCounter.Reservation rolledBack = counter.begin(connection);
        assertThat(rolledBack.next("new")).isEqualTo(2);
        assertThat(rolledBack.next("old")).isEqualTo(6);
        // no committed(): the transaction failed

        StudySeqCounter.Reservation next = counter.begin(connection);
        assertThat(next.next("new")).isEqualTo(2);
        assertThat(next.next("old")).isEqualTo(6);
    }

    @Test
    void afterForgettingReadsTheDatabaseAgain() throws SQLException {
        StudySeqCounter counter = new StudySeqCounter();
        StudySeqCounter.Reservation seqs = counter.begin(connection);
        seqs.next("old");
        seqs.committed();
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO results.outbox VALUES ('old', 9)"); // written by someone else
        }

        counter.forget();

        assertThat(counter.begin(connection).next("old")).isEqualTo(10);
    }
}
