package io.runfleet.wire.zeromq;

import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.INCOMING_AND_OUTGOING;
import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.OUTGOING;
import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.INCOMING;

import io.runfleet.wire.messaging.CreditWithdrawal;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * The brokerless ZeroMQ transport as a SmallRye Reactive Messaging connector ({@value #NAME}).
 * Payloads are {@code byte[]} both ways. The semantics per socket role are in docs/design.md
 * ("ZeroMQ transport"); the wire protocol is described on {@link Frames}.
 */
@ApplicationScoped
@Connector(ZmqConnector.NAME)
@ConnectorAttribute(name = "endpoint", type = "string", direction = INCOMING_AND_OUTGOING, mandatory = true,
        description = "tcp://*:PORT to bind (router, pub) or tcp://HOST:PORT to connect (dealer, sub)")
@ConnectorAttribute(name = "socket", type = "string", direction = INCOMING_AND_OUTGOING, mandatory = true,
        description = "router, dealer, pub (outgoing only) or sub (incoming only)")
@ConnectorAttribute(name = "advertise", type = "string", direction = INCOMING_AND_OUTGOING,
        description = "router: key=address,... told to every dealer that says hello")
@ConnectorAttribute(name = "discover", type = "string", direction = INCOMING_AND_OUTGOING,
        description = "dealer or sub: ask the router at endpoint for the address advertised under this key, "
                + "connect there")
@ConnectorAttribute(name = "high-water-mark", type = "int", direction = INCOMING_AND_OUTGOING, defaultValue = "10000",
        description = "send and receive high-water marks; also the most messages in flight per channel")
@ConnectorAttribute(name = "heartbeat-interval", type = "long", direction = INCOMING_AND_OUTGOING,
        defaultValue = "1000", description = "ms between pings")
@ConnectorAttribute(name = "heartbeat-timeout", type = "long", direction = INCOMING_AND_OUTGOING,
        defaultValue = "5000", description = "ms of silence after which a peer counts as gone")
@ConnectorAttribute(name = "roles", type = "string", direction = INCOMING_AND_OUTGOING,
        description = "router or pub: roles of authorised CurveZMQ keys that may use the channel (agent, results,"
                + " consumer); any authorised key when unset")
@ConnectorAttribute(name = "pool", type = "string", direction = INCOMING,
        description = "dealer: take only messages of this pool (letters, digits, '-', '_', '.'); without it, only"
                + " messages without a pool")
@ConnectorAttribute(name = "ack-timeout", type = "long", direction = OUTGOING, defaultValue = "5000",
        description = "dealer outgoing: ms before an unacknowledged message is sent again")
@ConnectorAttribute(name = "delivery-timeout", type = "string", direction = OUTGOING,
        description = "dealer outgoing: how long a message may stay unacknowledged (30s, 10m) before it fails with"
                + " UndeliverableException; unset: resent until acknowledged or refused for good")
public class ZmqConnector implements InboundConnector, OutboundConnector, CreditWithdrawal, AutoCloseable {

    public static final String NAME = "smallrye-zeromq";

    private final CurveSettings curve;
    private SocketRegistry registry;

    /** The CDI bean: CurveZMQ settings come from the process's configuration ({@code runfleet.security.*}). */
    public ZmqConnector() {
        this(null);
    }

    /** One connector with the given CurveZMQ settings (tests: several "processes" in one JVM). */
    ZmqConnector(CurveSettings curve) {
        this.curve = curve;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        ChannelSettings settings = ChannelSettings.from(config, true);
        return registry().socketFor(settings).openIncoming(settings);
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        ChannelSettings settings = ChannelSettings.from(config, false);
        return registry().socketFor(settings).openOutgoing(settings);
    }

    @Override
    public void withdrawCredit(String channel) {
        SocketRegistry opened;
        synchronized (this) {
            opened = registry; // not registry(): a process without ZeroMQ channels has nothing to withdraw
        }
        if (opened != null) {
            opened.withdrawCredit(channel);
        }
    }

    /** Closes every socket (linger 0) and stops their threads; further channels cannot open. */
    @PreDestroy
    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
        }
    }

    // created on first use, not in a field initializer: CDI client proxies run constructors too
    private synchronized SocketRegistry registry() {
        if (registry == null) {
            // read on first use: a process without ZeroMQ channels (RabbitMQ, tests in memory) needs no keys
            registry = new SocketRegistry(curve != null ? curve : CurveSettings.from(ConfigProvider.getConfig()));
        }
        return registry;
    }
}
