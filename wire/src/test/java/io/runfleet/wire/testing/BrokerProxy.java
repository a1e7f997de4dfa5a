package io.runfleet.wire.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The RabbitMQ broker behind a proxy for one application under test, so that a test can take the broker away from
 * that application alone ({@link #proxy()}) without stopping the broker other builds share, and give it
 * back. The broker is the one {@link RabbitMqBroker} reaches ({@code RABBITMQ_PORT}, on loopback).
 */
public class BrokerProxy implements QuarkusTestResourceLifecycleManager {

    private static volatile CuttableProxy proxy;

    @Override
    public Map<String, String> start() {
        String port = System.getenv("RABBITMQ_PORT");
        proxy = new CuttableProxy(Integer.parseInt(port == null || port.isBlank() ? "5672" : port));
        return Map.of("rabbitmq-host", "127.0.0.1", "rabbitmq-port", String.valueOf(proxy.port()));
    }

    /** The address the application is given for the broker: the proxy's. */
    public static String address() {
        return "127.0.0.1:" + proxy.port();
    }

    /** The proxy: {@link CuttableProxy#goAway} takes the broker away from the application, {@code comeBack} not. */
    public static CuttableProxy proxy() {
        return proxy;
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
