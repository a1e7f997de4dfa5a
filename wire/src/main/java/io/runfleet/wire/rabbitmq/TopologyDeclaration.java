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
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Declares this process's part of the RabbitMQ topology when it starts ({@link RabbitMqTopology}, by
 * {@link BrokerRole}), and checks that the parts other roles declare and it uses are there, before SmallRye
 * Reactive Messaging opens its channels (which happens in a later {@link StartupEvent} observer). Waits for a
 * broker that is not up yet, and for another role's queues not declared yet, as long as
 * {@code runfleet.rabbitmq.startup-timeout}; then the process fails to start, saying why. A refusal (a missing
 * permission, a queue declared earlier with other arguments) fails it at once, naming the grant that is missing.
 */
@ApplicationScoped
public class TopologyDeclaration {

    private static final Logger LOG = Logger.getLogger(TopologyDeclaration.class);

    private final boolean enabled;
    private final boolean declare;
    private final Optional<String> role;
    private final Duration startupTimeout;
    private final BrokerConnections broker;
    private final RabbitMqTopology topology;

    public TopologyDeclaration(
            @ConfigProperty(name = RabbitMqTransport.ENABLED_PROPERTY, defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "runfleet.rabbitmq.declare-topology", defaultValue = "true") boolean declare,
            @ConfigProperty(name = "runfleet.rabbitmq.startup-timeout", defaultValue = "5m") Duration startupTimeout,
            @ConfigProperty(name = BrokerRole.PROPERTY) Optional<String> role,
            BrokerConnections broker, RabbitMqTopology topology) {
        this.enabled = enabled;
        this.declare = declare;
        this.role = role;
        this.startupTimeout = startupTimeout;
        this.broker = broker;
        this.topology = topology;
    }

    void declareBeforeChannelsStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event)
            throws InterruptedException {
        if (!enabled || !declare) {
            return;
        }
        BrokerRole declarer = BrokerRole.of(role);
        Instant deadline = Instant.now().plus(startupTimeout);
        String waitingFor = null;
        while (true) {
            try {
                declareOnce(declarer);
                LOG.infof("RabbitMQ topology of the %s declared and checked at %s as user %s", declarer.key(),
                        broker.address(), broker.username());
                return;
            } catch (IOException | TimeoutException e) {
                if (refusedByBroker(e) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(failure(declarer, e), e);
                }
                String reason = describe(e);
                if (!reason.equals(waitingFor)) {
                    LOG.warnf("RabbitMQ at %s not ready (%s); trying again every %s", broker.address(), reason,
                            broker.reconnectInterval());
                    waitingFor = reason;
                }
                Thread.sleep(broker.reconnectInterval().toMillis());
            }
        }
    }

    private String failure(BrokerRole declarer, Exception e) {
        return "cannot set up the RabbitMQ topology of the " + declarer.key() + " at " + broker.address() + " as user "
                + broker.username() + " within runfleet.rabbitmq.startup-timeout=" + startupTimeout + ": " + describe(e)
                + ". Check rabbitmq-host/-port/-username/-password/-virtual-host; the " + declarer.key() + "'s user needs "
                + BrokerPermissions.of(declarer, topology).rabbitmqctl(broker.virtualHost(), broker.username())
                + "; a queue declared earlier with other arguments must be deleted or renamed "
                + "(runfleet.rabbitmq.queue-prefix); see docs/transport-rabbitmq.md";
    }

    private void declareOnce(BrokerRole declarer) throws IOException, TimeoutException {
        try (Connection connection = broker.open("topology"); Channel channel = connection.createChannel()) {
            topology.declareAndExpect(channel, declarer);
        }
    }

    /**
     * The broker answered and said no (a queue exists with other arguments, access refused, bad
     * credentials): waiting would not change the answer.
     */
    private static boolean refusedByBroker(Exception e) {
        if (e instanceof TopologySteps.TopologyStepException step) {
            return !step.waitable();
        }
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
