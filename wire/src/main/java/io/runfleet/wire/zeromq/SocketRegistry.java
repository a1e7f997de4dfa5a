package io.runfleet.wire.zeromq;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.zeromq.ZContext;
import org.zeromq.ZMQException;

/**
 * The sockets of one connector: channels naming the same socket key share one {@link SocketLoop}.
 * Socket-wide options (high-water mark, heartbeats, ack-timeout) come from the first channel that
 * opens the socket; a later channel that differs gets a warning.
 */
final class SocketRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SocketRegistry.class);

    private final ZContext context = new ZContext(1);
    private final String instanceId = newInstanceId();
    private final AtomicInteger deliveryThreads = new AtomicInteger();
    private final ExecutorService delivery = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "zmq-delivery-" + deliveryThreads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final Map<SocketKey, SocketLoop> loops = new LinkedHashMap<>();
    private final Map<SocketKey, ChannelSettings> firstSettings = new LinkedHashMap<>();
    private final CurveSettings curve;
    /** Bound before the first server socket: a CURVE server without a ZAP handler lets in every key. */
    private final ZapHandler zap;
    private int dealers;
    private boolean closed;

    SocketRegistry(CurveSettings curve) {
        this.curve = curve;
        this.zap = curve.enabled() ? new ZapHandler(context, curve.authorized()) : null;
        LOG.infof("ZeroMQ connector instance %s: %s", instanceId, curve.describe());
    }

    String instanceId() {
        return instanceId;
    }

    synchronized SocketLoop socketFor(ChannelSettings channel) {
        if (closed) {
            throw new IllegalStateException(channel.describe() + ": the ZeroMQ connector is closed");
        }
        curve.checkPlainTextAllowed(channel.describe(), channel.endpoint());
        SocketKey key = channel.socketKey();
        if (zap != null && channel.socket().binds()) {
            // before the bind: no client is let in before the socket's roles are known
            zap.accept(channel.endpoint(), channel.roles());
        }
        SocketLoop loop = loops.get(key);
        if (loop == null) {
            loop = open(channel);
            loops.put(key, loop);
            firstSettings.put(key, channel);
        } else {
            warnIfDifferent(firstSettings.get(key), channel);
        }
        if (loop instanceof RouterLoop router && !channel.advertise().isEmpty()) {
            router.advertise(withServerKeys(channel.advertise()));
        }
        return loop;
    }

    /** Withdraws the credit every dealer of this connector granted on {@code channel}. */
    synchronized void withdrawCredit(String channel) {
        for (SocketLoop loop : loops.values()) {
            if (loop instanceof DealerLoop dealer) {
                dealer.withdrawCredit(channel);
            }
        }
    }

    /** Beside each advertised address, the public key of the server there, when CurveZMQ knows it. */
    private Map<String, String> withServerKeys(Map<String, String> addresses) {
        Map<String, String> advertised = new LinkedHashMap<>(addresses);
        if (curve.enabled()) {
            addresses.keySet().forEach(name -> {
                String key = curve.advertisedKeys().get(name);
                if (key != null) {
                    advertised.put(name + CurveSettings.ADVERTISED_KEY_SUFFIX, key);
                }
            });
        }
        return advertised;
    }

    private SocketLoop open(ChannelSettings channel) {
        SocketLoop loop = switch (channel.socket()) {
            case ROUTER -> new RouterLoop(context, channel, delivery, instanceId, curve);
            case DEALER -> new DealerLoop(context, channel, delivery, instanceId, ++dealers, curve);
            case PUB -> new PubLoop(context, channel, delivery, instanceId, curve);
            case SUB -> new SubLoop(context, channel, delivery, instanceId, curve);
        };
        try {
            loop.start();
            return loop;
        } catch (ZMQException e) {
            throw new IllegalStateException(channel.describe() + ": cannot " + (channel.socket().binds() ? "bind" : "connect")
                    + " a " + channel.socket().label() + " socket to '" + channel.endpoint() + "' (" + e.getMessage()
                    + "); check the channel's 'endpoint' (a free port for bind, a reachable host for connect)", e);
        }
    }

    private static void warnIfDifferent(ChannelSettings first, ChannelSettings later) {
        if (first.highWaterMark() != later.highWaterMark()
                || !first.heartbeatInterval().equals(later.heartbeatInterval())
                || !first.heartbeatTimeout().equals(later.heartbeatTimeout())
                || !first.ackTimeout().equals(later.ackTimeout())) {
            LOG.warnf("%s shares the %s socket of %s but sets other socket options; those of '%s' apply",
                    later.describe(), later.socketKey(), first.describe(), first.channel());
        }
    }

    @Override
    public void close() {
        List<SocketLoop> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(loops.values());
            loops.clear();
        }
        toClose.forEach(SocketLoop::close);
        if (zap != null) {
            zap.close();
        }
        context.close();
        delivery.shutdown();
        LOG.debugf("ZeroMQ connector instance %s closed", instanceId);
    }

    /** Host, process and a random part: a restarted process is always a new instance. */
    private static String newInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        String random = UUID.randomUUID().toString().substring(0, 8);
        return host + ":" + ProcessHandle.current().pid() + ":" + random;
    }
}
