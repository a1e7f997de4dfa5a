package io.runfleet.agent.messaging;

import java.util.concurrent.Flow;

/**
 * The demand this agent signals for run requests: one per free slot. Requests on a subscription must
 * not overlap, and they come from the run threads, so they go through here. Once stopped (draining),
 * no more runs are asked for.
 */
final class RunCredit {

    private Flow.Subscription subscription;
    private boolean stopped;

    synchronized void attach(Flow.Subscription subscription, int initial) {
        this.subscription = subscription;
        if (!stopped) {
            subscription.request(initial);
        }
    }

    /** A slot became free. */
    synchronized void grantOne() {
        if (!stopped && subscription != null) {
            subscription.request(1);
        }
    }

    /** Asks for no more; true the first time. */
    synchronized boolean stop() {
        boolean first = !stopped;
        stopped = true;
        return first;
    }

    synchronized boolean isStopped() {
        return stopped;
    }
}
