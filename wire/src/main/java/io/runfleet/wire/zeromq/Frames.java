package io.runfleet.wire.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the Runfleet ZeroMQ protocol between a DEALER and a ROUTER.
 *
 * <p>Every message is a multipart ZeroMQ message {@code ["RF1"][COMMAND][argument]...}, text frames
 * in UTF-8, payloads as raw bytes. (The ROUTER additionally sees the peer's routing id first.)
 * <pre>
 * HELLO   [instance][nonce]                 dealer introduces itself; a new instance id = a new process
 * WELCOME [router instance][nonce][k=a,...] answers the hello with this nonce, plus advertised addresses
 * CREDIT  [channel][n][pool]                dealer may now receive n more messages on channel, of the pool if
 *                                           it names one (no pool frame: messages without a pool);
 *                                           n = 0 withdraws the dealer's credit there (it takes no more)
 * MSG     [channel][id][payload]            router -> dealer: one credit spent; dealer -> router: reliable
 * ACK     [channel][id]                     application acked the dealer's MSG id
 * NACK    [channel][id][disposition][reason] application refused it: "terminal" (not resent) or
 *                                           "transient" (resent after ack-timeout)
 * PING    [instance]   PONG [instance]      heartbeat: the dealer pings, the router answers
 * RESET                                     router does not know this dealer (it restarted or timed it out)
 * BYE     [instance]                        dealer closes; its credit is dropped at once, and the senders of
 *                                           what it was handed are told (ReceiverLost), as when it falls silent
 * </pre>
 *
 * <p>Credit is counted per session: after each WELCOME the dealer re-grants, in one CREDIT, all the
 * demand it still has; the router resets a dealer's credit to zero on every HELLO. Because each
 * direction of a ZeroMQ connection is ordered, and the dealer only honours the WELCOME answering its
 * latest HELLO (by nonce), credit is never counted twice. PUB/SUB does not use this framing: a
 * published message is {@code [channel][payload]}, so that any ZeroMQ subscriber can filter by channel.
 */
final class Frames {

    static final String VERSION = "RF1";
    private static final byte[] VERSION_BYTES = VERSION.getBytes(StandardCharsets.UTF_8);

    private Frames() {
    }

    static List<byte[]> of(Command command, Object... arguments) {
        if (!command.takes(arguments.length)) {
            throw new IllegalArgumentException(command + " takes " + command.describeArguments() + " arguments");
        }
        List<byte[]> frames = new ArrayList<>(arguments.length + 2);
        frames.add(VERSION_BYTES);
        frames.add(text(command.name()));
        for (Object argument : arguments) {
            frames.add(argument instanceof byte[] bytes ? bytes : text(String.valueOf(argument)));
        }
        return frames;
    }

    /** Reads {@code ["RF1"][COMMAND][argument]...}, rejecting anything else with a reason. */
    static Frame parse(List<byte[]> frames) throws MalformedFrameException {
        if (frames.size() < 2) {
            throw new MalformedFrameException("expected at least 2 frames (version, command), got " + frames.size());
        }
        String version = asText(frames.get(0));
        if (!VERSION.equals(version)) {
            throw new MalformedFrameException("unknown protocol version '" + abbreviate(version) + "'");
        }
        Command command;
        try {
            command = Command.valueOf(asText(frames.get(1)));
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("unknown command '" + abbreviate(asText(frames.get(1))) + "'");
        }
        int arguments = frames.size() - 2;
        if (!command.takes(arguments)) {
            throw new MalformedFrameException(command + " needs " + command.describeArguments()
                    + " argument frames, got " + arguments);
        }
        return new Frame(command, List.copyOf(frames.subList(2, frames.size())));
    }

    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static String asText(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "..." : value;
    }

    /** One parsed protocol message: its command and argument frames. */
    record Frame(Command command, List<byte[]> arguments) {

        String text(int index) {
            return asText(arguments.get(index));
        }

        byte[] bytes(int index) {
            return arguments.get(index);
        }

        /** An optional argument's text; null when the frame is left out. */
        String optionalText(int index) {
            return index < arguments.size() ? text(index) : null;
        }

        long number(int index) throws MalformedFrameException {
            try {
                return Long.parseLong(text(index));
            } catch (NumberFormatException e) {
                throw new MalformedFrameException(command + " argument " + index + " is not a number");
            }
        }
    }

    /** A frame sequence that is not a Runfleet protocol message; it is logged and dropped. */
    static final class MalformedFrameException extends Exception {
        MalformedFrameException(String message) {
            super(message);
        }
    }
}
