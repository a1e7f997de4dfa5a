package io.runfleet.results.store;

import io.runfleet.wire.Channels;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.messaging.Inbound;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Receives studies' stops from the scheduler ({@code study-events}). Like results, they are acked by the writer once
 * their outbox row is committed, so the scheduler's transport resends a stop until it is stored.
 */
@ApplicationScoped
public class StudyStopIngest {

    private static final Logger LOG = Logger.getLogger(StudyStopIngest.class);
    /** A reason is for people and clients; longer ones are refused rather than stored in every client's events. */
    static final int MAX_REASON_LENGTH = 2000;

    private final GroupCommitWriter writer;

    StudyStopIngest(GroupCommitWriter writer) {
        this.writer = writer;
    }

    @Incoming(Channels.STUDY_EVENTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> receive(Message<byte[]> message) {
        return Inbound.guarded(message, () -> ingest(message));
    }

    private void ingest(Message<byte[]> message) {
        Optional<StudyStopped> decoded = Inbound.decode(message, StudyStopped.class);
        if (decoded.isEmpty()) {
            return;
        }
        StudyStopped stop = decoded.get();
        try {
            check(stop);
            writer.submit(stop, message);
        } catch (MalformedMessageException e) {
            LOG.warnf("dropping a StudyStopped of study %.80s: %s (terminal)", stop.studyId(), e.getMessage());
            message.nack(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message.nack(e);
        }
    }

    private static void check(StudyStopped stop) {
        if (stop.reason() == null || stop.reason().isBlank()) {
            throw new MalformedMessageException("StudyStopped lacks field 'reason'; say why the study stopped");
        }
        if (stop.reason().length() > MAX_REASON_LENGTH) {
            throw new MalformedMessageException("StudyStopped field 'reason' has " + stop.reason().length()
                    + " characters; send at most " + MAX_REASON_LENGTH);
        }
    }
}
