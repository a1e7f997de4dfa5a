package io.runfleet.wire.zeromq;

import io.runfleet.wire.security.AuthorizedKeys;
import io.runfleet.wire.security.PeerRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The ZAP handler (ZeroMQ RFC 27) of one connector's context: every CurveZMQ server socket of the
 * context asks it whether a client key may connect. A key is let in if it is authorised and its role
 * is one the socket's channels accept (the socket's ZAP domain names it); the role then travels as the
 * User-Id of every message from that connection, so that a router can check it per channel.
 *
 * <p>It must be bound before the first server socket: without a ZAP handler a CURVE server lets in
 * every client key.
 */
final class ZapHandler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ZapHandler.class);
    static final String ENDPOINT = "inproc://zeromq.zap.01";
    private static final int POLL_MILLIS = 200;
    /** Refusals remembered for logging once; beyond this many keys (someone trying key after key) no more are logged. */
    private static final int MAX_LOGGED_REFUSALS = 10_000;

    private final AuthorizedKeys authorized;
    private final ZMQ.Socket socket;
    private final Thread thread;
    /** Per ZAP domain (a server socket), the roles its channels accept; an empty set accepts any authorised role. */
    private final Map<String, Set<PeerRole>> rolesByDomain = new ConcurrentHashMap<>();
    /** Refusals already logged, by domain and key: a refused client reconnects every few hundred ms. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    ZapHandler(ZContext context, AuthorizedKeys authorized) {
        this.authorized = authorized;
        this.socket = context.createSocket(SocketType.REP);
        socket.setReceiveTimeOut(POLL_MILLIS);
        socket.setLinger(0);
        socket.bind(ENDPOINT);
        this.thread = new Thread(this::serve, "zmq-zap");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server socket's channel accepts these roles (none given: any authorised role). */
    void accept(String domain, Set<PeerRole> roles) {
        rolesByDomain.compute(domain, (key, before) -> {
            if (before != null && before.isEmpty()) {
                return before;
            }
            if (roles.isEmpty()) {
                return Set.of();
            }
            Set<PeerRole> merged = EnumSet.noneOf(PeerRole.class);
            if (before != null) {
                merged.addAll(before);
            }
            merged.addAll(roles);
            return merged;
        });
    }

    private void serve() {
        try {
            while (running) {
                List<byte[]> request = receive();
                if (request != null) {
                    answer(request);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the ZAP handler stopped; CurveZMQ clients can no longer connect");
            }
        } finally {
            socket.close();
        }
    }

    private List<byte[]> receive() {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(7);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void answer(List<byte[]> request) {
        // [version][request id][domain][address][identity][mechanism][client key]
        String domain = request.size() > 2 ? text(request.get(2)) : "";
        String address = request.size() > 3 ? text(request.get(3)) : "?";
        boolean curve = request.size() > 6 && "CURVE".equals(text(request.get(5)));
        String key = curve ? ZMQ.Curve.z85Encode(request.get(6)) : null;
        Optional<PeerRole> role = key == null ? Optional.empty() : authorized.roleOf(key);
        Set<PeerRole> accepted = rolesByDomain.getOrDefault(domain, Set.of());
        boolean ok = role.isPresent() && (accepted.isEmpty() || accepted.contains(role.get()));
        if (!ok && logged.size() < MAX_LOGGED_REFUSALS && logged.add(domain + ' ' + key)) {
            LOG.warnf("CurveZMQ: refused a client at %s from %s: %s; further attempts of this key are refused"
                    + " silently", domain, address, role.isEmpty()
                    ? "key " + key + " is not authorised (docs/security.md: adding an agent)"
                    : "key " + key + " has role '" + role.get().label() + "', and this socket accepts only "
                    + accepted.stream().map(PeerRole::label).sorted().toList());
        }
        socket.sendMore(request.get(0));
        socket.sendMore(request.size() > 1 ? request.get(1) : new byte[0]);
        socket.sendMore(ok ? "200" : "400");
        socket.sendMore(ok ? "OK" : "not authorised");
        socket.sendMore(ok ? role.get().label() : "");
        socket.send(new byte[0]);
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2 * POLL_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
