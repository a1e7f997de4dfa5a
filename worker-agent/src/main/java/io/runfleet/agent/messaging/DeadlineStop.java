package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.AgentDeadline;
import io.runfleet.agent.process.Durations;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Decides, against {@code runfleet.agent.deadline}, that this agent takes no more runs. Once one request does not fit
 * in the time left, none is taken any more: time only shrinks, and an agent that handed requests back one by one
 * while asking for more would have the scheduler send it the same run again and again. It says why once.
 */
@Singleton
public class DeadlineStop {

    private static final Logger LOG = Logger.getLogger(DeadlineStop.class);

    private final Optional<AgentDeadline> deadline;
    private final AtomicReference<String> reason = new AtomicReference<>();

    public DeadlineStop(AgentConfig config) {
        this.deadline = AgentDeadline.of(config.deadline(), config.deadlineMargin());
        deadline.ifPresent(at -> LOG.infof("deadline %s (%s); runs must end %s before it", at.at(),
                AgentDeadline.KEY, Durations.text(at.margin().toMillis())));
    }

    Optional<AgentDeadline> deadline() {
        return deadline;
    }

    /** False, and from then on stopped, when the request's timeout does not fit before the deadline. */
    boolean admits(RunRequest request, Instant now) {
        if (reason.get() != null) {
            return false;
        }
        if (deadline.isEmpty() || deadline.get().fits(request.spec().timeoutMillis(), now)) {
            return true;
        }
        long timeout = request.spec().timeoutMillis();
        stop(request.ref() + (timeout > 0 ? " needs its timeout of " + Durations.text(timeout) : " has no timeout")
                + " plus the deadline margin of " + Durations.text(deadline.get().margin().toMillis()) + ", and "
                + Durations.text(Math.max(0, deadline.get().left(now).toSeconds()) * 1000)
                + " are left before the deadline " + deadline.get().at(), now);
        return false;
    }

    /** Stops once no run of any timeout fits any more (the margin is all that is left). */
    boolean timeIsUp(Instant now) {
        if (reason.get() == null && deadline.isPresent() && !deadline.get().fits(0, now)) {
            stop("the deadline " + deadline.get().at() + " is less than its margin away", now);
        }
        return reason.get() != null;
    }

    boolean isStopped() {
        return reason.get() != null;
    }

    /** Why no more runs are taken; null while they are. */
    String reason() {
        return reason.get();
    }

    private void stop(String why, Instant now) {
        String full = "taking no more runs: " + why + " (" + AgentDeadline.KEY + ")";
        if (reason.compareAndSet(null, full)) {
            LOG.info(full + "; exiting once the runs held are done");
        }
    }
}
