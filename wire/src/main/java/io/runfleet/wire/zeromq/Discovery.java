package io.runfleet.wire.zeromq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Asks the router at a channel's {@code endpoint} which address it advertises under the channel's
 * {@code discover} key. A short-lived DEALER says HELLO and reads the WELCOME; it keeps asking
 * (each heartbeat interval, a warning each heartbeat timeout) until the key is there or the
 * transport stops. With CurveZMQ the router also advertises the public key of the server behind the
 * address ({@code <key>.public-key}); the probe reaches the router with the key it is configured with,
 * so the advertised key arrives encrypted from an authenticated server. A loopback address advertised to a dealer
 * that reached the router from another host means the router's host ({@link ReachableAddress}).
 */
final class Discovery {

    private static final Logger LOG = Logger.getLogger(Discovery.class);

    private final ZContext context;
    private final ChannelSettings settings;
    private final String instanceId;
    private final CurveSettings curve;

    /** An advertised address and, with CurveZMQ, the public key of the server there. */
    record Found(String address, String serverKey) {

        /** Client options for connecting to this server; call before connect. */
        void secure(ZMQ.Socket socket, CurveSettings curve) {
            if (curve.enabled()) {
                SocketLoop.secureClient(socket, curve, serverKey);
            }
        }
    }

    Discovery(ZContext context, ChannelSettings settings, String instanceId, CurveSettings curve) {
        this.context = context;
        this.settings = settings;
        this.instanceId = instanceId;
        this.curve = curve;
    }

    /** The advertised address (and key), or null if {@code running} turned false first. */
    Found resolve(BooleanSupplier running) {
        String key = settings.discover().orElseThrow();
        ZMQ.Socket probe = context.createSocket(SocketType.DEALER);
        SocketLoop.configure(probe, settings);
        if (curve.enabled()) {
            SocketLoop.secureClient(probe, curve, curve.routerKey(settings));
        }
        probe.setIdentity(Frames.text(instanceId + "-discover-" + UUID.randomUUID().toString().substring(0, 8)));
        probe.setReceiveTimeOut((int) settings.heartbeatInterval().toMillis());
        probe.connect(settings.endpoint());
        long nonce = 0;
        long lastWarning = System.currentTimeMillis();
        try {
            while (running.getAsBoolean()) {
                nonce++;
                SocketLoop.send(probe, Frames.of(Command.HELLO, instanceId, nonce));
                Found found = awaitWelcome(probe, nonce, key);
                if (found != null) {
                    LOG.infof("%s: discovered '%s' = %s from the router at %s", settings.describe(), key,
                            found.address(), settings.endpoint());
                    curve.checkPlainTextAllowed(settings.describe() + " (discovered '" + key + "')", found.address());
                    SocketLoop.send(probe, Frames.of(Command.BYE, instanceId));
                    return found;
                }
                long now = System.currentTimeMillis();
                if (now - lastWarning >= settings.heartbeatTimeout().toMillis()) {
                    lastWarning = now;
                    LOG.warnf("%s: no address under '%s'%s from the router at %s yet; still asking (is the router up,"
                            + " does it set advertise=%s=tcp://HOST:PORT, and is this process's CurveZMQ key"
                            + " authorised there?)", settings.describe(), key,
                            curve.enabled() ? " (with its public key)" : "", settings.endpoint(), key);
                }
            }
            return null;
        } finally {
            probe.close();
        }
    }

    private Found awaitWelcome(ZMQ.Socket probe, long nonce, String key) {
        byte[] first = probe.recv(0);
        while (first != null) {
            List<byte[]> frames = new ArrayList<>(List.of(first));
            while (probe.hasReceiveMore()) {
                frames.add(probe.recv(0));
            }
            try {
                Frames.Frame frame = Frames.parse(frames);
                if (frame.command() == Command.WELCOME && frame.number(1) == nonce) {
                    Map<String, String> advertised = Advertisements.parse(settings.channel(), frame.text(2));
                    String address = advertised.get(key);
                    String serverKey = advertised.get(key + CurveSettings.ADVERTISED_KEY_SUFFIX);
                    if (address == null || (curve.enabled() && serverKey == null)) {
                        return null;
                    }
                    String reachable = ReachableAddress.of(address, settings.endpoint());
                    if (!reachable.equals(address)) {
                        LOG.infof("%s: the router at %s advertises '%s' = %s, a loopback address of its own host;"
                                + " connecting to %s, its host as reached from here", settings.describe(),
                                settings.endpoint(), key, address, reachable);
                    }
                    return new Found(reachable, serverKey);
                }
            } catch (Frames.MalformedFrameException | IllegalArgumentException e) {
                LOG.warnf("%s: dropping a malformed answer from the router at %s: %s", settings.describe(),
                        settings.endpoint(), e.getMessage());
            }
            first = probe.recv(ZMQ.DONTWAIT);
        }
        return null;
    }
}
