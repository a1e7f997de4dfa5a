package io.runfleet.results.store;

import io.runfleet.wire.Channels;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.messaging.Inbound;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Receives run results from agents. Returns at once: the message is acked by the writer after the
 * batch holding it commits, so the transport keeps delivering while earlier results are stored.
 */
@ApplicationScoped
public class ResultIngest {

    private static final Logger LOG = Logger.getLogger(ResultIngest.class);

    private final GroupCommitWriter writer;

    ResultIngest(GroupCommitWriter writer) {
        this.writer = writer;
    }

    @Incoming(Channels.RUN_RESULTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> receive(Message<byte[]> message) {
        return Inbound.guarded(message, () -> ingest(message));
    }

    private void ingest(Message<byte[]> message) {
        Optional<RunResult> decoded = Inbound.decode(message, RunResult.class);
        if (decoded.isEmpty()) {
            return;
        }
        RunResult result = decoded.get();
        try {
            ResultValidator.check(result);
            writer.submit(result, message);
        } catch (MalformedMessageException e) {
            LOG.warnf("dropping a RunResult of study %.80s: %s (terminal)", result.studyId(), e.getMessage());
            message.nack(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message.nack(e);
        }
    }
}
