package io.runfleet.wire.zeromq;

import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A channel configuration as SmallRye hands it to a connector, backed by a map of strings. */
final class MapConfig implements Config {

    private final Map<String, String> values;

    MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow(() -> new java.util.NoSuchElementException(name));
    }

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        String raw = values.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        if (type == String.class) {
            return Optional.of(type.cast(raw));
        }
        if (type == Integer.class) {
            return Optional.of(type.cast(Integer.valueOf(raw)));
        }
        if (type == Boolean.class) {
            return Optional.of(type.cast(Boolean.valueOf(raw)));
        }
        if (type == Long.class) {
            return Optional.of(type.cast(Long.valueOf(raw)));
        }
        throw new IllegalArgumentException("no conversion to " + type);
    }

    @Override
    public ConfigValue getConfigValue(String name) {
        String raw = values.get(name);
        return new ConfigValue() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getValue() {
                return raw;
            }

            @Override
            public String getRawValue() {
                return raw;
            }

            @Override
            public String getSourceName() {
                return raw == null ? null : "map";
            }

            @Override
            public int getSourceOrdinal() {
                return 0;
            }
        };
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return java.util.List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
