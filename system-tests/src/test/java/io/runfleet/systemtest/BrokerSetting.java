package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One setting of the RabbitMQ application ({@code rabbit}) changed for a test class with
 * {@code rabbitmqctl eval 'application:set_env(...)'} and put back afterwards. Channels read such settings
 * when they open, so register it before the {@link SystemUnderTest} (lower {@code @Order}): the services
 * and agents then open their channels under the new value, and it is restored after they have stopped.
 *
 * <p>It changes the whole broker, not one virtual host: other clients opening channels meanwhile get the
 * value too.
 */
final class BrokerSetting implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern INTEGER_VALUE = Pattern.compile("\\{ok,\\s*(\\d+)}");

    private final String key;
    private final long value;
    /** The broker's value before the class, or null when it had none; restored after the class. */
    private Long previous;
    private boolean changed;

    private BrokerSetting(String key, long value) {
        if (!key.matches("[a-z_]+")) {
            throw new IllegalArgumentException("key '" + key + "' must be a plain RabbitMQ setting name such as consumer_timeout");
        }
        this.key = key;
        this.value = value;
    }

    static BrokerSetting set(String key, long value) {
        return new BrokerSetting(key, value);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = read();
        changed = true;
        write(value);
        assertThat(read()).as("RabbitMQ setting %s after set_env", key).isEqualTo(value);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!changed) {
            return;
        }
        if (previous == null) {
            RabbitMqBroker.rabbitmqctl("eval", "application:unset_env(rabbit, " + key + ").");
        } else {
            write(previous);
        }
        changed = false;
    }

    /** The current value, or null when the broker has none (it then uses its built-in default). */
    Long read() {
        String out = RabbitMqBroker.rabbitmqctl("eval", "application:get_env(rabbit, " + key + ").").strip();
        Matcher matcher = INTEGER_VALUE.matcher(out);
        if (matcher.find()) {
            return Long.parseLong(matcher.group(1));
        }
        if (out.toLowerCase(Locale.ROOT).contains("undefined")) {
            return null;
        }
        throw new IllegalStateException("cannot read RabbitMQ setting " + key + " as an integer: " + out);
    }

    private void write(long newValue) {
        RabbitMqBroker.rabbitmqctl("eval", "application:set_env(rabbit, " + key + ", " + newValue + ").");
    }

    @Override
    public String toString() {
        return "RabbitMQ " + key + "=" + value + " (was " + previous + ")";
    }
}
