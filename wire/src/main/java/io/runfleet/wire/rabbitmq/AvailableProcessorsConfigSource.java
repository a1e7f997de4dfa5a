package io.runfleet.wire.rabbitmq;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Publishes this machine's processor count as {@value #PROPERTY}, so that configuration can default to
 * it: an agent's RabbitMQ prefetch ({@code max-outstanding-messages}) equals its slots, and slots default
 * to the processor count when {@code runfleet.agent.slots} is unset.
 */
public class AvailableProcessorsConfigSource implements ConfigSource {

    public static final String PROPERTY = "runfleet.available-processors";

    /** Below application.properties (250): a value set there or in the environment wins. */
    private static final int ORDINAL = 100;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? Integer.toString(Runtime.getRuntime().availableProcessors()) : null;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, getValue(PROPERTY));
    }

    @Override
    public String getName() {
        return "runfleet-available-processors";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
