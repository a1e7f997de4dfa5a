package io.runfleet.wire.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Subscribes to an incoming channel and asks for messages only when told to, as an agent does. */
public final class ManualSubscriber implements Flow.Subscriber<Message<byte[]>> {

    public final List<Message<byte[]>> received = new CopyOnWriteArrayList<>();
    private final Consumer<Message<byte[]>> onEach;
    private volatile Flow.Subscription subscription;

    public ManualSubscriber() {
        this(message -> { });
    }

    public ManualSubscriber(Consumer<Message<byte[]>> onEach) {
        this.onEach = onEach;
    }

    public static ManualSubscriber on(Flow.Publisher<? extends Message<?>> publisher) {
        return on(publisher, message -> { });
    }

    @SuppressWarnings("unchecked")
    public static ManualSubscriber on(Flow.Publisher<? extends Message<?>> publisher, Consumer<Message<byte[]>> onEach) {
        ManualSubscriber subscriber = new ManualSubscriber(onEach);
        ((Flow.Publisher<Message<byte[]>>) publisher).subscribe(subscriber);
        return subscriber;
    }

    public void request(long n) {
        subscription.request(n);
    }

    public List<String> texts() {
        return received.stream().map(m -> new String(m.getPayload(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void onSubscribe(Flow.Subscription incoming) {
        subscription = incoming;
    }

    @Override
    public void onNext(Message<byte[]> message) {
        received.add(message);
        onEach.accept(message);
    }

    @Override
    public void onError(Throwable failure) {
    }

    @Override
    public void onComplete() {
    }
}
