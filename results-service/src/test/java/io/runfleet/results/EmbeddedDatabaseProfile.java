package io.runfleet.results;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The embedded variant's database (H2) in memory, so that the one Flyway script and the service's SQL
 * are proven on both databases. The PostgreSQL-only connection property is ignored by H2 here.
 */
public class EmbeddedDatabaseProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "h2",
                "quarkus.datasource.jdbc.url",
                "jdbc:h2:mem:results;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;IGNORE_UNKNOWN_SETTINGS=TRUE",
                "quarkus.datasource.username", "sa",
                "quarkus.datasource.password", "");
    }
}
