package io.runfleet.systemtest;

import java.util.List;

/**
 * What the transport contract needs from one transport beyond the running system: putting raw bytes on
 * the wire as a peer would, and finding out where refused messages went. One per test; close it after.
 */
interface TransportProbe extends AutoCloseable {

    /** The inbound channels this probe can reach, each with the record its consumer decodes. */
    List<InboundTarget> malformedTargets();

    /**
     * Delivers {@code payload} on {@code run-results} as an agent would, and returns once the results
     * service has settled it; fails if the service refused it instead of acknowledging it.
     */
    void deliverRunResult(byte[] payload);

    /** Puts every message on its target channel. */
    void sendMalformed(List<MalformedMessage> messages);

    /** Fails unless every message sent was refused and accounted for the way this transport does it. */
    void assertMalformedHandled(List<MalformedMessage> messages);

    @Override
    void close();
}
