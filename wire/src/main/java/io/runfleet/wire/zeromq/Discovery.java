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
 * transport stops.
 */
final class Discovery {

    private static final Logger LOG = Logger.getLogger(Discovery.class);

    private final ZContext context;
    private final ChannelSettings settings;
    private final String instanceId;

    Discovery(ZContext context, ChannelSettings settings, String instanceId) {
        this.context = context;
        this.settings = settings;
        this.instanceId = instanceId;
    }

    /** The advertised address, or null if {@code running} turned false first. */
    String resolve(BooleanSupplier running) {
        String key = settings.discover().orElseThrow();
        ZMQ.Socket probe = context.createSocket(SocketType.DEALER);
        SocketLoop.configure(probe, settings);
        probe.setIdentity(Frames.text(instanceId + "-discover-" + UUID.randomUUID().toString().substring(0, 8)));
        probe.setReceiveTimeOut((int) settings.heartbeatInterval().toMillis());
        probe.connect(settings.endpoint());
        long nonce = 0;
        long lastWarning = System.currentTimeMillis();
        try {
            while (running.getAsBoolean()) {
                nonce++;
                SocketLoop.send(probe, Frames.of(Command.HELLO, instanceId, nonce));
                String address = awaitWelcome(probe, nonce, key);
                if (address != null) {
                    LOG.infof("%s: discovered '%s' = %s from the router at %s", settings.describe(), key, address,
                            settings.endpoint());
                    SocketLoop.send(probe, Frames.of(Command.BYE, instanceId));
                    return address;
                }
                long now = System.currentTimeMillis();
                if (now - lastWarning >= settings.heartbeatTimeout().toMillis()) {
                    lastWarning = now;
                    LOG.warnf("%s: no address under '%s' from the router at %s yet; still asking (is the router up,"
                            + " and does it set advertise=%s=tcp://HOST:PORT?)", settings.describe(), key,
                            settings.endpoint(), key);
                }
            }
            return null;
        } finally {
            probe.close();
        }
    }

    private String awaitWelcome(ZMQ.Socket probe, long nonce, String key) {
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
                    return advertised.get(key);
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
