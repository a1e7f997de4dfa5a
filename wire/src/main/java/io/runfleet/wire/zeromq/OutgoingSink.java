package io.runfleet.wire.zeromq;

import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The subscriber of one outgoing channel. It keeps at most {@code window} messages in the
 * transport's hands and asks upstream for one more each time one is finished (sent, acked or
 * refused), so a slow peer applies backpressure instead of filling memory.
 */
final class OutgoingSink implements Flow.Subscriber<Message<?>> {

    private static final Logger LOG = Logger.getLogger(OutgoingSink.class);

    /** The socket side: takes the payload and calls {@code finished} once done with the message. */
    interface Target {
        void submit(String channel, byte[] payload, Message<?> message, Runnable finished);
    }

    private final String channel;
    private final int window;
    private final Target target;
    private volatile Flow.Subscription subscription;

    OutgoingSink(String channel, int window, Target target) {
        this.channel = channel;
        this.window = window;
        this.target = target;
    }

    @Override
    public void onSubscribe(Flow.Subscription incoming) {
        if (subscription != null) {
            incoming.cancel();
            return;
        }
        subscription = incoming;
        incoming.request(window);
    }

    @Override
    public void onNext(Message<?> message) {
        if (message.getPayload() instanceof byte[] payload) {
            target.submit(channel, payload, message, this::requestOne);
            return;
        }
        Object payload = message.getPayload();
        String type = payload == null ? "null" : payload.getClass().getName();
        LOG.warnf("channel '%s': refusing a message whose payload is %s, not byte[]", channel, type);
        message.nack(new IllegalArgumentException("channel '" + channel + "' carries byte[] payloads, got " + type
                + "; encode the record with WireCodec.encode before sending"));
        requestOne();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.errorf(failure, "outgoing channel '%s' failed upstream; nothing more will be sent", channel);
    }

    @Override
    public void onComplete() {
        LOG.debugf("outgoing channel '%s' completed upstream", channel);
    }

    private void requestOne() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.request(1);
        }
    }
}
