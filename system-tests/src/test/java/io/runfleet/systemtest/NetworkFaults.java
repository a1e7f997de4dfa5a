package io.runfleet.systemtest;

/** What the network fault tests share. */
final class NetworkFaults {

    /**
     * A run request that a broken connection swallows (sent, never received) leaves its run DISPATCHED until the
     * scheduler's claim timeout sends it back to PENDING: 10 minutes by default, sized for requests that wait in a
     * RabbitMQ queue. Over ZeroMQ a request goes straight to an agent that asked for it, so a claim is due within
     * seconds; 20 s keeps these classes within minutes and still leaves a loaded machine time to claim.
     */
    static final String CLAIM_TIMEOUT = "20s";

    private NetworkFaults() {
    }
}
