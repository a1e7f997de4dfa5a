package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import io.runfleet.wire.messaging.Refusals;
import io.runfleet.wire.messaging.UndeliverableException;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * Tells the scheduler what became of a result that was not stored, so that the run's state says it instead of an
 * agent log: refused for good by the results service (the run fails with the reason), or not acknowledged within
 * the delivery timeout (the attempt is lost, with the reason). Any other failure (the transport closing as the
 * agent stops) is left to the run's lease, as before.
 */
@Singleton
public class UndeliveredResults {

    private static final Logger LOG = Logger.getLogger(UndeliveredResults.class);
    /** The reason travels in a report and ends up on the run; a receiver's reason could be long. */
    static final int MAX_REASON_CHARS = 2_000;

    private final ReportSender reports;

    public UndeliveredResults(ReportSender reports) {
        this.reports = reports;
    }

    void report(RunRef ref, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = shorten(Refusals.reason(cause));
        if (Refusals.isTerminal(cause)) {
            LOG.errorf("%s result refused for good by the results service: %s; telling the scheduler", ref, reason);
            reports.resultRefused(ref, reason);
        } else if (cause instanceof UndeliverableException) {
            LOG.errorf("%s result undeliverable: %s; telling the scheduler (is the results service reachable from"
                    + " here? it is the address the scheduler advertises, runfleet.scheduler.results-endpoint)",
                    ref, reason);
            reports.resultUndeliverable(ref, reason);
        } else {
            LOG.warnf("%s result not stored (transient: the scheduler retries the run when its lease expires): %s",
                    ref, reason);
        }
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
    }
}
