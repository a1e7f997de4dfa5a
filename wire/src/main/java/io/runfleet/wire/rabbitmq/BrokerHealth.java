package io.runfleet.wire.rabbitmq;

import io.runfleet.wire.health.HealthCheck;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The readiness check of the broker connection, with the RabbitMQ transport only. It reads the channels' own health
 * (the messaging {@link HealthCenter}): the RabbitMQ connector reports a channel DOWN while its client has no open
 * connection or channel, which is what a lost broker means for this process, and UP again once the client
 * reconnected. The connector retries for about a day ({@code rabbitmq-reconnect-attempts}), so a broker outage is a
 * readiness matter (send no work) and never a liveness one: restarting the process would not bring the broker back.
 */
@ApplicationScoped
public class BrokerHealth {

    /** The check's name in the health answer. */
    public static final String CHECK = "message broker";

    private final boolean enabled;
    private final Instance<HealthCenter> channels;
    private final BrokerConnections broker;

    public BrokerHealth(@ConfigProperty(name = RabbitMqTransport.ENABLED_PROPERTY, defaultValue = "false")
                        boolean enabled, Instance<HealthCenter> channels, BrokerConnections broker) {
        this.enabled = enabled;
        this.channels = channels;
        this.broker = broker;
    }

    /** The check, or nothing when RabbitMQ does not carry this service's channels (ZeroMQ has no broker). */
    public Optional<HealthCheck> check() {
        if (!enabled) {
            return Optional.empty();
        }
        List<HealthReport.ChannelInfo> down = channels.get().getReadiness().getChannels().stream()
                .filter(channel -> !channel.isOk()).toList();
        if (down.isEmpty()) {
            return Optional.of(HealthCheck.of(CHECK, Optional.empty()));
        }
        return Optional.of(HealthCheck.of(CHECK, Optional.of("no connection to the broker at " + broker.address()
                + " for channel(s) " + String.join(", ", down.stream().map(BrokerHealth::describe).toList())
                + "; reconnecting every " + broker.reconnectInterval().toSeconds() + " s")));
    }

    private static String describe(HealthReport.ChannelInfo channel) {
        String message = channel.getMessage();
        return message == null || message.isBlank() ? channel.getChannel()
                : channel.getChannel() + " (" + message + ")";
    }
}
