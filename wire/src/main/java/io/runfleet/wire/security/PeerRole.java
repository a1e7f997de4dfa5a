package io.runfleet.wire.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an authorised CurveZMQ client key may do. A server socket lets in only keys with a role its
 * channels accept, and a router refuses a message on a channel whose roles do not include the sender's.
 */
public enum PeerRole {
    /** Worker agents: take runs, send reports and results, hear cancels. */
    AGENT,
    /** The results service: relays completion events to the scheduler. */
    RESULTS,
    /** The scheduler: tells the results service that a study stopped ({@code study-events}). */
    SCHEDULER,
    /** Event consumers: subscribe to the results service's event publisher. */
    CONSUMER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PeerRole parse(String text, String where) {
        for (PeerRole role : values()) {
            if (role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException(where + ": unknown role '" + text + "'; use one of "
                + Arrays.stream(values()).map(PeerRole::label).collect(Collectors.joining(", ")));
    }
}
