package io.runfleet.wire.zeromq;

/**
 * A dealer's view of its router (socket thread only): whether the latest HELLO was answered, by
 * which router instance, and when to ping, say hello again, or give the router up as silent.
 */
final class RouterSession {

    private final long intervalMillis;
    private final long timeoutMillis;
    private long helloNonce;
    private long lastHelloAt = Long.MIN_VALUE / 2;
    private long lastPingAt = Long.MIN_VALUE / 2;
    private long lastHeardAt;
    private boolean welcomed;
    private boolean silent;
    private String routerInstance;

    RouterSession(long intervalMillis, long timeoutMillis, long now) {
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.lastHeardAt = now;
    }

    /** A new HELLO goes out now; returns its nonce. Earlier WELCOMEs no longer count. */
    long helloSent(long now) {
        welcomed = false;
        lastHelloAt = now;
        return ++helloNonce;
    }

    /** Whether a HELLO should go out: unwelcomed and none sent within the last interval. */
    boolean helloDue(long now) {
        return !welcomed && now - lastHelloAt >= intervalMillis;
    }

    boolean pingDue(long now) {
        if (now - lastPingAt >= intervalMillis) {
            lastPingAt = now;
            return true;
        }
        return false;
    }

    /** Any frame from the router is a sign of life. Returns true if it had been silent. */
    boolean heard(long now) {
        lastHeardAt = now;
        boolean wasSilent = silent;
        silent = false;
        return wasSilent;
    }

    /** True once per silence: the router said nothing for the heartbeat timeout. */
    boolean fellSilent(long now) {
        if (!silent && now - lastHeardAt > timeoutMillis) {
            silent = true;
            welcomed = false;
            return true;
        }
        return false;
    }

    /** Accepts a WELCOME answering the latest HELLO; a stale one (older nonce) is ignored. */
    boolean welcome(long nonce, String instance) {
        if (nonce != helloNonce) {
            return false;
        }
        welcomed = true;
        routerInstance = instance;
        return true;
    }

    /** The router forgot this dealer (RESET). */
    void forgotten() {
        welcomed = false;
    }

    boolean welcomed() {
        return welcomed;
    }

    String routerInstance() {
        return routerInstance;
    }

    long silenceMillis(long now) {
        return now - lastHeardAt;
    }
}
