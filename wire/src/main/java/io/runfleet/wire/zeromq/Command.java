package io.runfleet.wire.zeromq;

/** The commands of the Runfleet ZeroMQ protocol and how many argument frames each carries. */
enum Command {
    /** dealer -> router: [instance][nonce]. */
    HELLO(2),
    /** router -> dealer: [router instance][nonce of the hello answered][advertise key=address,...]. */
    WELCOME(3),
    /**
     * dealer -> router: [channel][amount][pool]; the dealer may receive this many more messages, only of the pool
     * when it names one (the pool frame is left out by a dealer without a pool). An amount of 0 withdraws all the
     * dealer's credit on the channel (and pool): it takes no more.
     */
    CREDIT(2, 1),
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
    private final int optional;

    Command(int arguments) {
        this(arguments, 0);
    }

    Command(int arguments, int optional) {
        this.arguments = arguments;
        this.optional = optional;
    }

    /** The argument frames it always carries. */
    int arguments() {
        return arguments;
    }

    /** Whether it may carry {@code count} argument frames: the required ones and some of the optional ones after. */
    boolean takes(int count) {
        return count >= arguments && count <= arguments + optional;
    }

    String describeArguments() {
        return optional == 0 ? Integer.toString(arguments) : arguments + " to " + (arguments + optional);
    }
}
