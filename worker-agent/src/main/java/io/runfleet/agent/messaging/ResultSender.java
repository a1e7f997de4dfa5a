package io.runfleet.agent.messaging;

import io.runfleet.wire.Channels;
import io.runfleet.wire.RunResult;
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

    /** Sends a result encoded already, so that it is checked against the message limit ({@link EncodedResult}). */
    CompletionStage<Void> send(EncodedResult result) {
        return results.send(result.bytes());
    }
}
