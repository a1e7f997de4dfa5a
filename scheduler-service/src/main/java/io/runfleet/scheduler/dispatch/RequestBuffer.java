package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Bounds the run requests the transport holds and has not settled yet ({@code runfleet.scheduler.request-buffer}):
 * ZeroMQ keeps a request until an agent asks for work, RabbitMQ until the broker confirms it (all of them while the
 * broker is away). The dispatcher claims no more runs than there is room for, so the runs that do not fit stay
 * PENDING, with no attempt spent, and go out on a later round once requests were settled. One warning per episode
 * of a full buffer, and one line when it ends.
 */
@Startup // a bad request-buffer fails the start, not the first dispatch round
@ApplicationScoped
public class RequestBuffer {

    private static final Logger LOG = Logger.getLogger(RequestBuffer.class);

    private final int capacity;
    private final AtomicInteger held = new AtomicInteger();
    /** Whether the last round left runs waiting for room; read and written by the scheduler loop only. */
    private boolean full;

    @Inject
    public RequestBuffer(SchedulerConfig config) {
        this(config.requestBuffer());
    }

    RequestBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("runfleet.scheduler.request-buffer must be at least 1, not "
                    + capacity + ": it is how many run requests may wait in the transport; the default is 10000");
        }
        this.capacity = capacity;
    }

    /** How many more requests fit now. Settling only adds room, so it stays true until the next {@link #added}. */
    int room() {
        return Math.max(0, capacity - held.get());
    }

    /** Requests handed to the transport (the loop's thread). */
    void added(int requests) {
        held.addAndGet(requests);
    }

    /** The transport settled one request (acknowledged or refused; any thread). */
    void settled() {
        held.decrementAndGet();
    }

    /** A dispatch round left runs PENDING for want of room: warns on the first such round of an episode. */
    void leftRunsWaiting() {
        if (!full) {
            full = true;
            LOG.warnf("the transport holds %d unsettled run requests (runfleet.scheduler.request-buffer=%d): further"
                    + " runs stay PENDING until agents take requests (ZeroMQ) or the broker confirms them (RabbitMQ)",
                    held.get(), capacity);
        }
    }

    /** A dispatch round found room for every run it could send: ends an episode of a full buffer. */
    void fitEveryRun() {
        if (full) {
            full = false;
            LOG.infof("the run request buffer has room again (%d of %d held)", held.get(), capacity);
        }
    }
}
