package io.runfleet.agent.messaging;

import io.runfleet.wire.Channels;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends {@link RunResult}s to the results service; each send completes once the result is stored. */
@Singleton
public class ResultSender {

    private final Emitter<byte[]> results;

    @Inject
    public ResultSender(@Channel(Channels.RUN_RESULTS) Emitter<byte[]> results) {
        this.results = results;
    }

    public CompletionStage<Void> send(RunResult result) {
        return results.send(WireCodec.encode(result));
    }

    /** Sends a result encoded already (checked against the message limit). */
    CompletionStage<Void> send(EncodedResult result) {
        return results.send(result.bytes());
    }
}
