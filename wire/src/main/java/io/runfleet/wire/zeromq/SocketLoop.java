package io.runfleet.wire.zeromq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * One ZeroMQ socket and the one thread that owns it. Other threads reach the socket only through
 * {@link #execute(Runnable)}; the thread polls the socket and its task inbox, and calls
 * {@link #onTick(long)} at least every half heartbeat interval for timers.
 */
abstract class SocketLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SocketLoop.class);
    /** Bounds one read burst so that timers and tasks still run under a flood. */
    private static final int MAX_READS_PER_PASS = 1_000;
    private static final long MIN_HANDSHAKE_MILLIS = 300;
    private static final AtomicLong MONITORS = new AtomicLong();

    protected final ZContext context;
    protected final ChannelSettings settings;
    protected final Executor delivery;
    protected final String instanceId;
    protected final CurveSettings curve;
    private final SocketType type;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final TaskInbox inbox = new TaskInbox();
    private final Thread thread;
    private volatile boolean running = true;
    /** Created, bound or connected, used and closed on the owner thread only. */
    protected ZMQ.Socket socket;

    protected SocketLoop(ZContext context, ChannelSettings settings, SocketType type, Executor delivery,
            String instanceId, CurveSettings curve) {
        this.context = context;
        this.curve = curve;
        this.settings = settings;
        this.delivery = delivery;
        this.instanceId = instanceId;
        this.type = type;
        this.thread = new Thread(this::run, "zmq-" + settings.socketKey());
        this.thread.setDaemon(true);
    }

    /**
     * Options every Runfleet socket gets: explicit high-water marks, no linger, TCP keepalive, and a
     * short handshake limit. JeroMQ 0.6.0 now and then stalls the ZMTP handshake of a fresh TCP
     * connection on the connecting side (2-5% of loopback connects here); with the limit the
     * connection is dropped and retried instead of hanging for the default 30 s.
     */
    static void configure(ZMQ.Socket target, ChannelSettings settings) {
        target.setSndHWM(settings.highWaterMark());
        target.setRcvHWM(settings.highWaterMark());
        target.setLinger(0);
        target.setTCPKeepAlive(1);
        target.setHandshakeIvl((int) Math.max(MIN_HANDSHAKE_MILLIS, 2 * settings.heartbeatInterval().toMillis()));
    }

    /**
     * Starts the owner thread and waits until it has bound or connected the socket, so that a bad
     * endpoint (a port in use) fails the caller, i.e. application start-up.
     */
    final void start() {
        thread.start();
        try {
            opened.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("opening " + settings.socketKey() + " took longer than 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + settings.socketKey(), e);
        }
    }

    final void execute(Runnable task) {
        inbox.submit(task);
    }

    final boolean isRunning() {
        return running;
    }

    /** Opens the publisher of an incoming channel on this socket. */
    abstract Flow.Publisher<Message<byte[]>> openIncoming(ChannelSettings channel);

    /** Opens the subscriber of an outgoing channel on this socket. */
    abstract Flow.Subscriber<Message<?>> openOutgoing(ChannelSettings channel);

    /** Owner thread: socket-specific options, then bind or connect. */
    protected abstract void open(ZMQ.Socket created);

    /** Owner thread: one multipart message read from the socket. */
    protected abstract void onFrames(List<byte[]> frames);

    /**
     * Owner thread: one multipart message and the role of its sender's CurveZMQ key (the User-Id the ZAP
     * handler gave the connection), or null when the connection is plain text.
     */
    protected void onFrames(List<byte[]> frames, String senderRole) {
        onFrames(frames);
    }

    /** Owner thread: timers (heartbeats, resends, sweeps). */
    protected void onTick(long nowMillis) {
    }

    /**
     * Whether the owner thread watches the socket's connections and calls {@link #onDisconnected()} when one
     * closes. ZeroMQ reconnects by itself and hides the gap; a socket whose protocol keeps state per session
     * needs to know that frames queued on the lost connection are gone.
     */
    protected boolean watchesConnections() {
        return false;
    }

    /** Owner thread: a connection of this socket closed (cut, reset, timed out); what was queued on it is lost. */
    protected void onDisconnected() {
    }

    /** Owner thread: last words before the socket closes (goodbyes, failing what is pending). */
    protected void onStop() {
    }

    /** Whether the socket is polled for input (a PUB socket is not). */
    protected boolean readsSocket() {
        return true;
    }

    /** Owner thread: runs before the loop; false if the loop should not start (stopped meanwhile). */
    protected boolean prepare() {
        return true;
    }

    private void run() {
        ZMQ.Poller poller = null;
        ZMQ.Socket monitor = null;
        try {
            socket = context.createSocket(type);
            configure(socket, settings);
            secure(socket);
            monitor = watchesConnections() ? monitor(socket) : null;
            open(socket);
            opened.complete(null);
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            if (monitor != null) {
                monitor.close();
            }
            if (socket != null) {
                socket.close();
            }
            inbox.close();
            return;
        }
        try {
            if (!prepare()) {
                return;
            }
            poller = context.createPoller(3);
            int inboxIndex = poller.register(inbox.wakeUpChannel(), ZMQ.Poller.POLLIN);
            int socketIndex = readsSocket() ? poller.register(socket, ZMQ.Poller.POLLIN) : -1;
            int monitorIndex = monitor != null ? poller.register(monitor, ZMQ.Poller.POLLIN) : -1;
            long pollMillis = Math.max(5, settings.heartbeatInterval().toMillis() / 2);
            while (running) {
                poller.poll(pollMillis);
                if (poller.pollin(inboxIndex)) {
                    inbox.runPending();
                }
                if (monitorIndex >= 0 && poller.pollin(monitorIndex) && disconnectedSince(monitor)) {
                    onDisconnected();
                }
                if (socketIndex >= 0 && poller.pollin(socketIndex)) {
                    readBurst();
                }
                inbox.runPending();
                onTick(System.currentTimeMillis());
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                died(e);
            }
        } catch (RuntimeException | Error e) {
            died(e);
        } finally {
            try {
                inbox.runPending();
                onStop();
            } catch (RuntimeException e) {
                LOG.warnf(e, "closing %s", settings.socketKey());
            }
            if (poller != null) {
                poller.close();
            }
            if (monitor != null) {
                monitor.close();
            }
            socket.close();
            inbox.close();
        }
    }

    /** The socket is dead for good: said in the log and to the service's liveness check ({@link SocketFailures}). */
    private void died(Throwable error) {
        LOG.errorf(error, "ZeroMQ socket thread for %s stopped on an error", settings.socketKey());
        if (running) {
            SocketFailures.record(settings.socketKey().toString(), error);
        }
    }

    /** Owner thread, before connect: a PAIR socket that receives the socket's DISCONNECTED events. */
    private ZMQ.Socket monitor(ZMQ.Socket watched) {
        String address = "inproc://runfleet-monitor-" + MONITORS.incrementAndGet();
        if (!watched.monitor(address, ZMQ.EVENT_DISCONNECTED)) {
            throw new IllegalStateException("cannot monitor the connections of " + settings.socketKey());
        }
        ZMQ.Socket events = context.createSocket(SocketType.PAIR);
        events.connect(address);
        return events;
    }

    /** Reads every waiting monitor event; true if a connection closed among them. */
    private static boolean disconnectedSince(ZMQ.Socket monitor) {
        boolean disconnected = false;
        for (ZMQ.Event event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT); event != null;
                event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) {
            disconnected |= event.getEvent() == ZMQ.EVENT_DISCONNECTED;
        }
        return disconnected;
    }

    /**
     * Owner thread, before bind or connect: CurveZMQ options. A binding socket is a CURVE server whose ZAP
     * domain is its endpoint; a connecting one is a client of the router at its endpoint (a discovering
     * socket learns its server's key later, see {@link #secureClient}).
     */
    private void secure(ZMQ.Socket created) {
        if (!curve.enabled()) {
            return;
        }
        if (settings.socket().binds()) {
            created.setZapDomain(settings.endpoint());
            created.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.own().publicKey()));
            created.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.own().secretKey()));
            created.setCurveServer(true);
        } else if (settings.discover().isEmpty()) {
            secureClient(created, curve, curve.routerKey(settings));
        }
    }

    /** CurveZMQ client options: this process's pair, and the public key of the server it connects to. */
    static void secureClient(ZMQ.Socket target, CurveSettings curve, String serverKey) {
        if (!curve.enabled()) {
            return;
        }
        target.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.own().publicKey()));
        target.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.own().secretKey()));
        target.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
    }

    private void readBurst() {
        for (int i = 0; i < MAX_READS_PER_PASS; i++) {
            List<byte[]> frames = new ArrayList<>(6);
            String senderRole = receive(socket, frames);
            if (frames.isEmpty()) {
                return;
            }
            try {
                onFrames(frames, senderRole);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s: handling a message failed; message dropped, socket goes on", settings.socketKey());
            }
        }
    }

    /**
     * Reads one whole multipart message into {@code frames} without blocking (nothing if none is waiting) and
     * returns the User-Id its connection was authenticated with, or null.
     */
    static String receive(ZMQ.Socket from, List<byte[]> frames) {
        zmq.Msg first = from.recvMsg(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        String userId = userId(first);
        frames.add(first.data());
        while (from.hasReceiveMore()) {
            zmq.Msg next = from.recvMsg(0);
            if (userId == null) {
                userId = userId(next);
            }
            frames.add(next.data());
        }
        return userId;
    }

    private static String userId(zmq.Msg message) {
        // a ROUTER's routing-id frame carries no metadata; the frames from the peer do
        return message.getMetadata() == null ? null : message.getMetadata().get(zmq.io.Metadata.USER_ID);
    }

    /** Sends one multipart message without blocking; false if the socket would block (high-water mark). */
    static boolean send(ZMQ.Socket to, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            int flags = ZMQ.DONTWAIT | (i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            if (!to.send(frames.get(i), flags)) {
                return false;
            }
        }
        return true;
    }

    /** Stops the owner thread and waits for it to close the socket. */
    @Override
    public void close() {
        running = false;
        inbox.wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
