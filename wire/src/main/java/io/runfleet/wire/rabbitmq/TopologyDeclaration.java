package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Declares the RabbitMQ topology when a process starts, before SmallRye Reactive Messaging opens its
 * channels (which happens in a later {@link StartupEvent} observer). Waits for a broker that is not up yet,
 * as long as {@code runfleet.rabbitmq.startup-timeout}; then the process fails to start, saying why.
 */
@ApplicationScoped
public class TopologyDeclaration {

    private static final Logger LOG = Logger.getLogger(TopologyDeclaration.class);

    private final boolean enabled;
    private final boolean declare;
    private final Duration startupTimeout;
    private final BrokerConnections broker;
    private final RabbitMqTopology topology;

    public TopologyDeclaration(
            @ConfigProperty(name = RabbitMqTransport.ENABLED_PROPERTY, defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "runfleet.rabbitmq.declare-topology", defaultValue = "true") boolean declare,
            @ConfigProperty(name = "runfleet.rabbitmq.startup-timeout", defaultValue = "5m") Duration startupTimeout,
            BrokerConnections broker, RabbitMqTopology topology) {
        this.enabled = enabled;
        this.declare = declare;
        this.startupTimeout = startupTimeout;
        this.broker = broker;
        this.topology = topology;
    }

    void declareBeforeChannelsStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event)
            throws InterruptedException {
        if (!enabled || !declare) {
            return;
        }
        Instant deadline = Instant.now().plus(startupTimeout);
        while (true) {
            try {
                declareOnce();
                LOG.infof("RabbitMQ topology declared at %s", broker.address());
                return;
            } catch (IOException | TimeoutException e) {
                if (refusedByBroker(e) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("cannot declare the RabbitMQ topology at " + broker.address()
                            + " within runfleet.rabbitmq.startup-timeout=" + startupTimeout + ": " + describe(e)
                            + ". Check rabbitmq-host/-port/-username/-password/-virtual-host and the user's "
                            + "configure permission; a queue declared earlier with other arguments must be deleted "
                            + "or renamed (runfleet.rabbitmq.queue-prefix), see docs/transport-rabbitmq.md", e);
                }
                LOG.warnf("RabbitMQ at %s not ready (%s); trying again in %s", broker.address(), describe(e),
                        broker.reconnectInterval());
                Thread.sleep(broker.reconnectInterval().toMillis());
            }
        }
    }

    private void declareOnce() throws IOException, TimeoutException {
        try (Connection connection = broker.open("topology"); Channel channel = connection.createChannel()) {
            topology.declare(channel);
        }
    }

    /**
     * The broker answered and said no (a queue exists with other arguments, access refused, bad
     * credentials): waiting would not change the answer.
     */
    private static boolean refusedByBroker(Exception e) {
        return e instanceof PossibleAuthenticationFailureException
                || e.getCause() instanceof ShutdownSignalException signal && !signal.isHardError();
    }

    /** The first message along the cause chain (a connection refusal often hides in a cause). */
    private static String describe(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
