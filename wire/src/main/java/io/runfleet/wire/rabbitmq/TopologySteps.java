package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;

/**
 * The declarations of {@link RabbitMqTopology} on one channel, each knowing which permission it needs: when the
 * broker closes the channel on one, the error says what was refused and which grant is missing, instead of
 * the broker's bare {@code ACCESS_REFUSED}.
 */
final class TopologySteps {

    /** The broker's reply code for a passive declaration of something that does not exist. */
    private static final int NOT_FOUND = 404;

    private final Channel channel;

    TopologySteps(Channel channel) {
        this.channel = channel;
    }

    void exchange(String name, BuiltinExchangeType type) throws IOException {
        run("declare exchange " + name, "configure on " + name, () -> channel.exchangeDeclare(name, type, true));
    }

    void queue(String name, Map<String, Object> arguments) throws IOException {
        Object deadLetterExchange = arguments.get("x-dead-letter-exchange");
        // the broker checks a dead-letter argument as if the declarer read the queue and published to the exchange
        String needs = deadLetterExchange == null ? "configure on " + name
                : "configure and read on " + name + ", write on " + deadLetterExchange;
        run("declare queue " + name, needs, () -> channel.queueDeclare(name, true, false, false, arguments));
    }

    void bind(String queue, String exchange, String key) throws IOException {
        run("bind queue " + queue + " to exchange " + exchange + " with key " + key,
                "write on " + queue + ", read on " + exchange, () -> channel.queueBind(queue, exchange, key));
    }

    void expectQueue(String name, String declaredBy) throws IOException {
        expect("queue " + name, declaredBy, () -> channel.queueDeclarePassive(name));
    }

    void expectExchange(String name, String declaredBy) throws IOException {
        expect("exchange " + name, declaredBy, () -> channel.exchangeDeclarePassive(name));
    }

    private void expect(String what, String declaredBy, Step step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            AMQP.Channel.Close close = channelClose(e);
            if (close != null && close.getReplyCode() == NOT_FOUND) {
                throw new TopologyStepException(what + " does not exist yet (declared by " + declaredBy
                        + " at its start)", true, e);
            }
            throw e;
        }
    }

    private static void run(String what, String needs, Step step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            AMQP.Channel.Close close = channelClose(e);
            if (close == null) {
                throw e;
            }
            throw new TopologyStepException("the broker refused to " + what + " (" + close.getReplyText()
                    + "); this needs " + needs, false, e);
        }
    }

    /** The broker's reason when it closed the channel over this step, or null for any other failure. */
    private static AMQP.Channel.Close channelClose(IOException e) {
        if (e.getCause() instanceof ShutdownSignalException signal && !signal.isHardError()
                && signal.getReason() instanceof AMQP.Channel.Close close) {
            return close;
        }
        return null;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** A step the broker refused; {@link #waitable()} when it is something another process has yet to declare. */
    static final class TopologyStepException extends IOException {
        private final boolean waitable;

        TopologyStepException(String message, boolean waitable, Throwable cause) {
            super(message, cause);
            this.waitable = waitable;
        }

        boolean waitable() {
            return waitable;
        }
    }
}
