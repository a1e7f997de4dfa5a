package io.runfleet.wire.rabbitmq;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which kind of Runfleet process talks to the broker ({@value #PROPERTY}). Each kind has a broker user of its
 * own, and the role decides what the process declares at start and what it only expects to find
 * ({@link RabbitMqTopology}), hence which permissions its user needs ({@link BrokerPermissions}).
 */
public enum BrokerRole {
    SCHEDULER,
    RESULTS,
    AGENT;

    /** Set by each service's {@code rabbitmq} profile: {@code scheduler}, {@code results} or {@code agent}. */
    public static final String PROPERTY = "runfleet.rabbitmq.role";

    /** The name used in settings and documentation, e.g. {@code results}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by {@value #PROPERTY}; fails naming the setting and its values when it is absent or unknown. */
    public static BrokerRole of(Optional<String> configured) {
        String value = configured.map(String::trim).filter(text -> !text.isEmpty())
                .orElseThrow(() -> new IllegalStateException(PROPERTY + " is not set; set it to one of " + keys()
                        + " (each service's rabbitmq profile does)"));
        return Arrays.stream(values()).filter(role -> role.key().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException(PROPERTY + "=" + value + " is not a role; use one of "
                        + keys()));
    }

    private static String keys() {
        return Arrays.stream(values()).map(BrokerRole::key).toList().toString();
    }
}
