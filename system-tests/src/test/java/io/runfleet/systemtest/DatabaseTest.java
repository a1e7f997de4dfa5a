package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void replacesOnlyTheDatabaseNameOfAUrl() {
        assertThat(Database.withDatabase("jdbc:postgresql://127.0.0.1:5432/test", "rf_it_1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/rf_it_1");
        assertThat(Database.withDatabase("jdbc:postgresql://db:5433/test?sslmode=disable", "rf_it_1"))
                .isEqualTo("jdbc:postgresql://db:5433/rf_it_1?sslmode=disable");
        assertThat(Database.withDatabase("jdbc:postgresql://db", "rf_it_1")).isEqualTo("jdbc:postgresql://db/rf_it_1");
    }

    @Test
    void createsAUsableDatabaseAndDropsIt() throws Exception {
        Database database = Database.createFresh();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet current = statement.executeQuery("SELECT current_database()")) {
            current.next();
            assertThat(current.getString(1)).isEqualTo(database.name());
        } finally {
            database.close();
        }
        assertThat(exists(database.name())).isFalse();
    }

    private static boolean exists(String name) throws Exception {
        String adminUrl = System.getenv().getOrDefault("TEST_DB_URL", Database.DEFAULT_URL);
        String user = System.getenv().getOrDefault("TEST_DB_USER", Database.DEFAULT_USER);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, System.getenv().getOrDefault("TEST_DB_PASSWORD", ""));
             Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            found.next();
            return found.getInt(1) > 0;
        }
    }
}
