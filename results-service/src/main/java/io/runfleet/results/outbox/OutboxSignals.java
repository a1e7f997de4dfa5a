package io.runfleet.results.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Tells the outbox's readers (the relay, open event streams) that new events were committed, so they
 * read at once instead of polling. Listeners get the ids of the studies that have new events and must
 * return quickly: they only schedule their own read.
 */
@ApplicationScoped
public class OutboxSignals {

    private static final Logger LOG = Logger.getLogger(OutboxSignals.class);

    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Set<String>> listener) {
        listeners.remove(listener);
    }

    public void eventsCommitted(Set<String> studyIds) {
        for (Consumer<Set<String>> listener : listeners) {
            try {
                listener.accept(studyIds);
            } catch (RuntimeException e) {
                // One broken reader must not keep the others (or the writer) from going on.
                LOG.warnf(e, "outbox listener failed for studies %s", studyIds);
            }
        }
    }
}
