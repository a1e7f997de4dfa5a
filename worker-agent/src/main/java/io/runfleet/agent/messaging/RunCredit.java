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
    void grantOne() {
        grant(1);
    }

    /** Asks for {@code runs} more (a freed slot, runs sent ahead); none once stopped. */
    synchronized void grant(int runs) {
        if (!stopped && subscription != null && runs > 0) {
            subscription.request(runs);
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
