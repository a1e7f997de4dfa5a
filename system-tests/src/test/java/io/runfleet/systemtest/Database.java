package io.runfleet.systemtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class, so that runs of different classes or builds never
 * see each other's rows. Created through the server's default database ({@code TEST_DB_URL}) and
 * dropped on {@link #close()}.
 *
 * <p>An unreachable server is a failure, never a skip: a system test that silently does not run
 * proves nothing.
 */
final class Database implements AutoCloseable {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String DEFAULT_USER = "postgres";

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;
    private boolean dropped;

    private Database(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates {@code rf_it_<random>} on the server named by {@code TEST_DB_URL}/{@code TEST_DB_USER}/{@code TEST_DB_PASSWORD}. */
    static Database createFresh() {
        return createFreshOn(env("TEST_DB_URL", DEFAULT_URL), env("TEST_DB_USER", DEFAULT_USER),
                env("TEST_DB_PASSWORD", ""));
    }

    /** Creates {@code rf_it_<random>} on the server of {@code url} (a test's own server, for instance). */
    static Database createFreshOn(String url, String user, String password) {
        String name = "rf_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        Database database = new Database(url, user, password, name);
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    String name() {
        return name;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The JDBC URL of the fresh database: the admin URL with its database name replaced. */
    String jdbcUrl() {
        return withDatabase(adminUrl, name);
    }

    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//");
        if (!url.startsWith("jdbc:postgresql:") || hostStart < 0) {
            throw new IllegalArgumentException("TEST_DB_URL '" + url
                    + "' is not a jdbc:postgresql://HOST:PORT/DATABASE URL; set it like " + DEFAULT_URL);
        }
        int pathStart = url.indexOf('/', hostStart + 2);
        int queryStart = url.indexOf('?');
        String query = queryStart < 0 ? "" : url.substring(queryStart);
        String hostPart = pathStart < 0 ? (queryStart < 0 ? url : url.substring(0, queryStart)) : url.substring(0, pathStart);
        return hostPart + "/" + database + query;
    }

    @Override
    public void close() {
        if (!dropped) {
            dropped = true;
            // FORCE: a service that was killed may leave a backend connected for a moment.
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required by the system tests and '" + sql
                    + "' failed at " + adminUrl + " as user " + user + ": " + e.getMessage()
                    + ". Start PostgreSQL or point TEST_DB_URL, TEST_DB_USER and TEST_DB_PASSWORD at one"
                    + " (the tests fail rather than skip without it).", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
