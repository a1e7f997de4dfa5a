package io.runfleet.wire.zeromq;

/**
 * A router hands out messages per lane: a channel, or a channel and a pool ({@link io.runfleet.wire.Pools}). Credit
 * is granted in a lane and messages wait in a lane, so a message of a pool goes only to a dealer that granted credit
 * in that pool, and one without a pool only to a dealer without one. A lane without a pool is the channel's name
 * itself: the common case costs nothing. A NUL cannot occur in a channel or pool name, so lanes never collide.
 */
final class Lanes {

    private Lanes() {
    }

    static String of(String channel, String pool) {
        return pool == null ? channel : channel + '\u0000' + pool;
    }

    static boolean pooled(String lane) {
        return lane.indexOf('\u0000') >= 0;
    }

    /** How a lane is shown in a log line. */
    static String describe(String lane) {
        int separator = lane.indexOf('\u0000');
        return separator < 0 ? "channel '" + lane + "'"
                : "channel '" + lane.substring(0, separator) + "' pool '" + lane.substring(separator + 1) + "'";
    }
}
