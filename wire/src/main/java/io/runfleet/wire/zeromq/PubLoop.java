package io.runfleet.wire.zeromq;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A PUB socket bound to an endpoint: best effort. Each message goes out as {@code [channel][payload]}
 * and is acked once handed to ZeroMQ; subscribers that are absent or too slow miss it.
 */
final class PubLoop extends SocketLoop {

    private static final Logger LOG = Logger.getLogger(PubLoop.class);

    PubLoop(ZContext context, ChannelSettings settings, Executor delivery, String instanceId,
            CurveSettings curve) {
        super(context, settings, SocketType.PUB, delivery, instanceId, curve);
    }

    @Override
    protected void open(ZMQ.Socket created) {
        created.bind(settings.endpoint());
        LOG.infof("Publisher(instance=%s) bound to %s", instanceId, settings.endpoint());
    }

    @Override
    Flow.Publisher<Message<byte[]>> openIncoming(ChannelSettings channel) {
        throw new IllegalArgumentException(channel.describe() + ": a pub socket cannot receive; use socket=sub");
    }

    @Override
    Flow.Subscriber<Message<?>> openOutgoing(ChannelSettings channel) {
        return new OutgoingSink(channel.channel(), channel.highWaterMark(), (name, payload, message, finished) ->
                execute(() -> {
                    if (!send(socket, List.of(Frames.text(name), payload))) {
                        LOG.warnf("Publisher(instance=%s): channel '%s' message dropped by ZeroMQ", instanceId, name);
                    }
                    message.ack();
                    finished.run();
                }));
    }

    @Override
    protected boolean readsSocket() {
        return false;
    }

    @Override
    protected void onFrames(List<byte[]> frames) {
        // a PUB socket receives nothing
    }
}
