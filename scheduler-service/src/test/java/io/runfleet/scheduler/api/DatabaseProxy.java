package io.runfleet.scheduler.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runfleet.wire.testing.CuttableProxy;
import java.net.URI;
import java.util.Map;

/**
 * The test database behind a proxy, so that a test can take it away from this one application ({@link #cut()})
 * without touching the server others use, and give it back ({@link #restore()}).
 */
public class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static volatile CuttableProxy proxy;

    @Override
    public Map<String, String> start() {
        String url = System.getProperty("TEST_DB_URL",
                System.getenv().getOrDefault("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
        URI target = URI.create(url.substring("jdbc:".length()));
        proxy = new CuttableProxy(target.getPort());
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                + target.getPath());
    }

    /** Closes every connection to the database and refuses new ones. */
    public static void cut() {
        proxy.goAway();
    }

    public static void restore() {
        proxy.comeBack();
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
