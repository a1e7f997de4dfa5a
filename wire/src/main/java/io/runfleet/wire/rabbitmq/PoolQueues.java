package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.runfleet.wire.messaging.PoolMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Where the scheduler sends a run request of a pool. Every transport gets the {@link PoolMetadata}; over RabbitMQ the
 * request is also routed to the pool's own queue ({@link RabbitMqTopology#poolQueueOf}), which is declared here
 * before the pool's first request is published, and deleted once the pool's study has ended: the queue then holds
 * only requests of runs that ended with the study. A pool's queue is never removed by the broker on its own (no
 * {@code x-expires}): a study may wait for its agents for hours (an allocation pending in a batch queue), and its
 * requests must all be there when they come.
 */
@ApplicationScoped
public class PoolQueues {

    private static final Logger LOG = Logger.getLogger(PoolQueues.class);

    private final boolean enabled;
    private final BrokerConnections broker;
    private final RabbitMqTopology topology;
    /** Pools whose queue this process declared; a pool's first request declares it, the others find it here. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private Connection connection;

    public PoolQueues(@ConfigProperty(name = RabbitMqTransport.ENABLED_PROPERTY, defaultValue = "false") boolean enabled,
                      BrokerConnections broker, RabbitMqTopology topology) {
        this.enabled = enabled;
        this.broker = broker;
        this.topology = topology;
    }

    /**
     * The metadata of a message for the pool's receivers. Over RabbitMQ, declares the pool's queue first if this
     * process has not; a failure to do so is an {@link IllegalStateException} saying why (the message is not sent).
     */
    public Metadata routeTo(String pool) {
        PoolMetadata pooled = new PoolMetadata(pool);
        if (!enabled) {
            return Metadata.of(pooled);
        }
        if (!declared.contains(pool)) {
            declare(pool);
        }
        return Metadata.of(pooled, PersistentDelivery.builder()
                .withRoutingKey(topology.poolRoutingKeyOf(pool)).build());
    }

    /** The pool's study has ended: its queue goes, with requests of runs that ended with it (RabbitMQ only). */
    public void ended(String pool) {
        if (!enabled) {
            return;
        }
        declared.remove(pool);
        String queue = topology.poolQueueOf(pool);
        try (Channel channel = connection().createChannel()) {
            int left = channel.queueDelete(queue).getMessageCount();
            LOG.infof("deleted queue %s of an ended study (%d requests of its ended runs in it)", queue, left);
        } catch (IOException | TimeoutException | RuntimeException e) {
            reset();
            LOG.warnf("queue %s of an ended study could not be deleted (%s); delete it by hand: rabbitmqctl"
                    + " delete_queue %s", queue, e.getMessage(), queue);
        }
    }

    private synchronized void declare(String pool) {
        if (declared.contains(pool)) {
            return;
        }
        try (Channel channel = connection().createChannel()) {
            topology.declarePool(channel, pool);
        } catch (IOException | TimeoutException e) {
            reset();
            throw new IllegalStateException("cannot declare queue " + topology.poolQueueOf(pool) + " of pool " + pool
                    + " at " + broker.address() + ": " + e.getMessage() + "; the scheduler's user needs "
                    + BrokerPermissions.of(BrokerRole.SCHEDULER, topology).rabbitmqctl(broker.virtualHost(),
                    broker.username()), e);
        }
        declared.add(pool);
        LOG.infof("declared queue %s for the run requests of pool %s", topology.poolQueueOf(pool), pool);
    }

    /** One connection for the few declarations and deletions, opened on first use and again after a failure. */
    private synchronized Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = broker.open("pool queues");
        }
        return connection;
    }

    private synchronized void reset() {
        close();
        connection = null;
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the pool queues' connection: %s", e.getMessage());
            }
        }
    }
}
