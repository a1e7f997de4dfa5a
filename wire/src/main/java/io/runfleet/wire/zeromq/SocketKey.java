package io.runfleet.wire.zeromq;

/** What makes two channels share one socket: the same role, endpoint and (for dealers and subs) discovery key. */
record SocketKey(SocketKind kind, String endpoint, String discover) {

    @Override
    public String toString() {
        return kind.label() + " " + endpoint + (discover.isEmpty() ? "" : " (discover " + discover + ")");
    }
}
