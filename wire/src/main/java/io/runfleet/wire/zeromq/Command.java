package io.runfleet.wire.zeromq;

/** The commands of the Runfleet ZeroMQ protocol and how many argument frames each carries. */
enum Command {
    /** dealer -> router: [instance][nonce]. */
    HELLO(2),
    /** router -> dealer: [router instance][nonce of the hello answered][advertise key=address,...]. */
    WELCOME(3),
    /** dealer -> router: [channel][amount]; the dealer may receive this many more messages. */
    CREDIT(2),
    /** either way: [channel][message id][payload]. */
    MSG(3),
    /** router -> dealer: [channel][message id]; the application acked it. */
    ACK(2),
    /**
     * router -> dealer: [channel][message id][terminal|transient][reason]; the application refused it, for good
     * (the dealer gives up and fails the message) or for now (the dealer sends it again after ack-timeout).
     */
    NACK(4),
    /** dealer -> router: [instance]. */
    PING(1),
    /** router -> dealer: [router instance]. */
    PONG(1),
    /** router -> dealer: no arguments; "I do not know you (any more): say hello". */
    RESET(0),
    /** dealer -> router: [instance]; the dealer is closing, drop its credit now. */
    BYE(1);

    private final int arguments;

    Command(int arguments) {
        this.arguments = arguments;
    }

    int arguments() {
        return arguments;
    }
}
