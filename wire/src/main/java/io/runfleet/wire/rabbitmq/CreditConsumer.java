package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.runfleet.wire.messaging.IncomingStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * One channel of the {@link CreditConnector}: turns its subscriber's demand into RabbitMQ consumers.
 *
 * <p>Every unit of demand (a <em>ticket</em>: for the agent, a free slot) is one consumer with a prefetch of
 * 1 on the queue. When a consumer receives its message it is cancelled <em>before</em> the message is handed
 * on, so acking the message (the agent's claim) cannot make the broker send another one to it. The broker
 * therefore never holds more unacked messages for this process than it has tickets, and a message it
 * handed out is always taken up at once: nothing sits here unacked while the consumer is busy. A new ticket
 * opens a new consumer.
 *
 * <p>When the connection or channel is lost, the broker takes back every delivery not yet acked; their
 * later acks are dropped here (a delivery tag is only valid on the channel that delivered it), and the
 * consumers of the outstanding tickets are opened again on a new connection.
 */
final class CreditConsumer implements IncomingStream.DemandListener {

    private static final Logger LOG = Logger.getLogger(CreditConsumer.class);

    private final String channelName;
    private final String queue;
    /** The routing key its refused messages go to the dead-letter exchange with: the queue whose dead letters they are. */
    private final String deadLetterKey;
    private final BrokerConnections broker;
    private final DeadLetters deadLetters;
    private final IncomingStream stream;
    private final ExecutorService delivery;
    private final ScheduledExecutorService control;

    // guarded by this
    private Connection connection;
    private Channel channel;
    private long generation;
    private long tickets;
    private final Set<String> consumerTags = new HashSet<>();
    private boolean closed;
    private int failedConnects;

    CreditConsumer(String channelName, String queue, BrokerConnections broker, DeadLetters deadLetters) {
        this(channelName, queue, queue, broker, deadLetters);
    }

    /**
     * @param deadLetterKey the queue whose dead letters refused messages count as: a pool's queue
     *                      ({@link RabbitMqTopology#poolQueueOf}) dead-letters as {@code run-requests} does
     */
    CreditConsumer(String channelName, String queue, String deadLetterKey, BrokerConnections broker,
                   DeadLetters deadLetters) {
        this.channelName = channelName;
        this.queue = queue;
        this.deadLetterKey = deadLetterKey;
        this.broker = broker;
        this.deadLetters = deadLetters;
        this.delivery = Executors.newSingleThreadExecutor(daemon("runfleet-" + channelName + "-delivery"));
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("runfleet-" + channelName + "-rabbitmq"));
        // the tickets bound what can arrive, so the stream needs no buffer limit of its own
        this.stream = new IncomingStream(channelName, delivery, this, 0);
        control.execute(this::connect);
    }

    IncomingStream stream() {
        return stream;
    }

    @Override
    public synchronized void requested(long n) {
        tickets = tickets + n < 0 ? Long.MAX_VALUE : tickets + n;
        openConsumers();
    }

    @Override
    public void cancelled() {
        Channel current;
        List<String> tags;
        synchronized (this) {
            tickets = 0;
            current = channel;
            tags = new ArrayList<>(consumerTags);
            consumerTags.clear();
        }
        tags.forEach(tag -> cancelConsumer(current, tag));
    }

    synchronized void close() {
        closed = true;
        abort(connection);
        connection = null;
        channel = null;
        control.shutdownNow();
        delivery.shutdown();
    }

    private void connect() {
        Connection opened = null;
        try {
            opened = broker.open(queue + " consumer");
            Channel created = opened.createChannel();
            // per consumer (global=false): every consumer below may hold one unacked message
            created.basicQos(1);
            attach(opened, created);
        } catch (IOException | TimeoutException | RuntimeException e) {
            abort(opened);
            reconnectLater(e);
        }
    }

    private synchronized void attach(Connection opened, Channel created) {
        if (closed) {
            abort(opened);
            return;
        }
        long current = ++generation;
        connection = opened;
        channel = created;
        failedConnects = 0;
        // listeners run on the connection's I/O thread, which must never wait for this object's lock (an RPC
        // made under the lock waits for that thread)
        opened.addShutdownListener(cause -> onControlThread(() -> lost(current, cause)));
        created.addShutdownListener(cause -> onControlThread(() -> lost(current, cause)));
        LOG.infof("channel %s consumes queue %s at %s, one consumer per requested message",
                channelName, queue, broker.address());
        openConsumers();
    }

    private synchronized void lost(long lostGeneration, ShutdownSignalException cause) {
        if (closed || lostGeneration != generation) {
            return;
        }
        generation++;
        consumerTags.clear();
        Connection previous = connection;
        connection = null;
        channel = null;
        LOG.warnf("channel %s lost the broker (%s); deliveries not yet acked go back to queue %s; reconnecting",
                channelName, cause.getMessage(), queue);
        abort(previous);
        control.schedule(this::connect, broker.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onControlThread(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing to reconnect
        }
    }

    private synchronized void reconnectLater(Exception failure) {
        if (closed) {
            return;
        }
        failedConnects++;
        if (failedConnects == 1 || failedConnects % 30 == 0) {
            LOG.warnf("channel %s cannot reach RabbitMQ at %s (%s, attempt %d); trying again every %s",
                    channelName, broker.address(), failure.getMessage(), failedConnects, broker.reconnectInterval());
        }
        control.schedule(this::connect, broker.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One consumer per ticket not yet matched by a delivery. */
    private void openConsumers() {
        if (channel == null || closed) {
            return;
        }
        long current = generation;
        DefaultConsumer callbacks = new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                delivered(current, tag, envelope.getDeliveryTag(), properties, body);
            }

            @Override
            public void handleCancel(String tag) {
                cancelledByBroker(current, tag);
            }
        };
        try {
            while (consumerTags.size() < tickets) {
                consumerTags.add(channel.basicConsume(queue, false, callbacks));
            }
        } catch (IOException | RuntimeException e) {
            // the channel is closing (its shutdown listener reconnects), e.g. the queue does not exist
            LOG.warnf("channel %s cannot consume queue %s: %s", channelName, queue, e.getMessage());
        }
    }

    private void delivered(long deliveredGeneration, String tag, long deliveryTag, AMQP.BasicProperties properties,
                           byte[] body) {
        Channel current;
        synchronized (this) {
            if (deliveredGeneration != generation || !consumerTags.remove(tag)) {
                return; // from a channel already given up: the broker has taken the delivery back
            }
            tickets--;
            current = channel;
        }
        // cancelled before anyone can ack the message, so the ack cannot free this consumer for another one
        cancelConsumer(current, tag);
        stream.offer(Message.of(body, Metadata.empty(),
                () -> ack(deliveredGeneration, deliveryTag),
                reason -> deadLetter(deliveredGeneration, deliveryTag, properties, body, reason)));
    }

    private synchronized void cancelledByBroker(long cancelledGeneration, String tag) {
        if (cancelledGeneration != generation || !consumerTags.remove(tag)) {
            return;
        }
        LOG.warnf("the broker cancelled a consumer of queue %s (queue deleted or moved); consuming again in %s",
                queue, broker.reconnectInterval());
        control.schedule(() -> {
            synchronized (this) {
                openConsumers();
            }
        }, broker.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelConsumer(Channel on, String tag) {
        try {
            on.basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cancelling consumer %s: %s (the channel is closing)", tag, e.getMessage());
        }
    }

    private synchronized CompletionStage<Void> ack(long ackGeneration, long deliveryTag) {
        if (ackGeneration != generation || channel == null) {
            LOG.debugf("channel %s: ack of delivery %d dropped, its channel is gone (the broker took it back)",
                    channelName, deliveryTag);
            return CompletableFuture.completedFuture(null);
        }
        try {
            channel.basicAck(deliveryTag, false);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("channel %s: ack of delivery %d failed (%s); the broker takes it back", channelName,
                    deliveryTag, e.getMessage());
        }
        return CompletableFuture.completedFuture(null);
    }

    private synchronized CompletionStage<Void> reject(long rejectGeneration, long deliveryTag) {
        if (rejectGeneration == generation && channel != null) {
            try {
                channel.basicReject(deliveryTag, false);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("channel %s: reject of delivery %d failed: %s", channelName, deliveryTag, e.getMessage());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> deadLetter(long nackGeneration, long deliveryTag, AMQP.BasicProperties properties,
                                             byte[] body, Throwable reason) {
        return deadLetters.publish(deadLetterKey, body, properties, reason)
                .handle((copied, failure) -> failure == null ? ack(nackGeneration, deliveryTag)
                        : reject(nackGeneration, deliveryTag))
                .thenCompose(settled -> settled);
    }

    private static void abort(Connection connection) {
        if (connection != null) {
            connection.abort(2_000);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
