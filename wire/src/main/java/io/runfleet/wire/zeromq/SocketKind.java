package io.runfleet.wire.zeromq;

import java.util.Locale;

/** The four socket roles a channel can take, and which direction each may carry. */
enum SocketKind {
    ROUTER(true, true, true),
    DEALER(false, true, true),
    PUB(true, false, true),
    SUB(false, true, false);

    private final boolean binds;
    private final boolean incoming;
    private final boolean outgoing;

    SocketKind(boolean binds, boolean incoming, boolean outgoing) {
        this.binds = binds;
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    /** Router and pub bind their endpoint; dealer and sub connect to it. */
    boolean binds() {
        return binds;
    }

    boolean carries(boolean incomingDirection) {
        return incomingDirection ? incoming : outgoing;
    }

    static SocketKind parse(String channel, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + channel + "': attribute 'socket' is '" + value
                    + "'; set it to one of router, dealer, pub, sub");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
