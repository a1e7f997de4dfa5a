package io.runfleet.systemtest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One malformed message meant for one inbound channel. Its payload carries its marker
 * ({@code malformed-<number>}) near the start, so that a copy found later (in a dead-letter queue) is
 * told apart from the others and from real traffic.
 */
record MalformedMessage(int number, InboundTarget target, MalformedKind kind, byte[] payload) {

    private static final Pattern MARKER = Pattern.compile("malformed-(\\d+)");
    /** Every payload puts its marker within this many leading bytes. */
    static final int MARKER_WITHIN = 256;

    String marker() {
        return "malformed-" + number;
    }

    /** The number in the marker of a payload, if it carries one. */
    static Optional<Integer> numberIn(byte[] body) {
        String start = new String(Arrays.copyOf(body, Math.min(body.length, MARKER_WITHIN)), StandardCharsets.UTF_8);
        Matcher matcher = MARKER.matcher(start);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    @Override
    public String toString() {
        return marker() + " (" + kind + ", " + payload.length + " bytes) on " + target.channel();
    }
}
