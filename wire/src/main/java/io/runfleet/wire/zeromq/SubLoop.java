package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.IncomingStream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A SUB socket connected to a publisher, subscribed to everything. It expects {@code [topic][payload]}
 * and passes the payload to every incoming channel on it. Without demand it keeps up to the
 * high-water mark of messages and drops (with a warning) beyond that: PUB/SUB is best effort.
 * With {@code discover}, the publisher's address is asked of the router at {@code endpoint} first,
 * as a dealer does (an agent learns the scheduler's control publisher this way).
 */
final class SubLoop extends SocketLoop {

    private static final Logger LOG = Logger.getLogger(SubLoop.class);

    private final List<IncomingStream> streams = new CopyOnWriteArrayList<>();
    private long dropped;

    SubLoop(ZContext context, ChannelSettings settings, Executor delivery, String instanceId,
            CurveSettings curve) {
        super(context, settings, SocketType.SUB, delivery, instanceId, curve);
    }

    @Override
    protected void open(ZMQ.Socket created) {
        created.subscribe(new byte[0]);
        if (settings.discover().isEmpty()) {
            created.connect(settings.endpoint());
        }
    }

    @Override
    protected boolean prepare() {
        if (settings.discover().isEmpty()) {
            return true;
        }
        Discovery.Found found = new Discovery(context, settings, instanceId, curve).resolve(this::isRunning);
        if (found == null) {
            return false;
        }
        found.secure(socket, curve);
        socket.connect(found.address());
        LOG.infof("Subscriber(instance=%s) for %s connected to %s", instanceId, settings.describe(), found.address());
        return true;
    }

    @Override
    Flow.Publisher<Message<byte[]>> openIncoming(ChannelSettings channel) {
        IncomingStream stream = new IncomingStream(channel.channel(), delivery, IncomingStream.DemandListener.NONE,
                channel.highWaterMark());
        streams.add(stream);
        return stream;
    }

    @Override
    Flow.Subscriber<Message<?>> openOutgoing(ChannelSettings channel) {
        throw new IllegalArgumentException(channel.describe() + ": a sub socket cannot send; use socket=pub");
    }

    @Override
    protected void onFrames(List<byte[]> frames) {
        if (frames.size() != 2) {
            LOG.warnf("Subscriber(%s): dropping a message of %d frames; expected [topic][payload]",
                    settings.endpoint(), frames.size());
            return;
        }
        String topic = Frames.asText(frames.get(0));
        for (IncomingStream stream : new ArrayList<>(streams)) {
            Metadata metadata = Metadata.of(new ZmqMessageMetadata(topic, settings.endpoint(), ""));
            if (!stream.offer(Message.of(frames.get(1), metadata)) && dropped++ % 1_000 == 0) {
                LOG.warnf("Subscriber(%s): channel '%s' is not keeping up; dropped %d messages so far",
                        settings.endpoint(), stream.channel(), dropped);
            }
        }
    }

    @Override
    protected void onStop() {
        streams.forEach(IncomingStream::complete);
    }
}
