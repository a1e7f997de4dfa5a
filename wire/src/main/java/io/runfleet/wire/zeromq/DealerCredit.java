package io.runfleet.wire.zeromq;

/**
 * A dealer's credit bookkeeping for one incoming channel (socket thread only). {@code wanted} is the
 * subscriber's demand not yet met by a received message; {@code granted} is what the router holds
 * in the current session. The router is granted at most {@code wanted}, capped by the high-water
 * mark so that unbounded demand does not mean unbounded messages in flight.
 */
final class DealerCredit {

    private final int cap;
    private long wanted;
    private long granted;
    private boolean withdrawn;

    DealerCredit(int cap) {
        this.cap = cap;
    }

    void want(long n) {
        if (withdrawn) {
            return;
        }
        wanted = wanted + n < 0 ? Long.MAX_VALUE : wanted + n;
    }

    void cancel() {
        wanted = 0;
    }

    /** The subscriber takes no more (the router is told to drop what it holds): nothing is granted again. */
    void withdraw() {
        withdrawn = true;
        wanted = 0;
        granted = 0;
    }

    void received() {
        if (wanted != Long.MAX_VALUE && wanted > 0) {
            wanted--;
        }
        if (granted > 0) {
            granted--;
        }
    }

    /** A new session: the router knows nothing of earlier grants. */
    void newSession() {
        granted = 0;
    }

    /** How much more to grant now (0 if none); counts it as granted. */
    long topUp() {
        long extra = Math.min(wanted, cap) - granted;
        if (extra <= 0) {
            return 0;
        }
        granted += extra;
        return extra;
    }

    /** The CREDIT could not be sent (high-water mark): try again at the next top-up. */
    void ungrant(long n) {
        granted = Math.max(0, granted - n);
    }
}
