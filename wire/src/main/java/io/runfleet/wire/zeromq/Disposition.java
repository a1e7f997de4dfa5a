package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.Refusals;
import java.util.Locale;

/** What a NACK tells the dealer: give up on the message ({@code terminal}) or send it again ({@code transient}). */
enum Disposition {
    TERMINAL, TRANSIENT;

    static Disposition of(Throwable failure) {
        return Refusals.isTerminal(failure) ? TERMINAL : TRANSIENT;
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Disposition parse(String word) throws Frames.MalformedFrameException {
        for (Disposition disposition : values()) {
            if (disposition.word().equals(word)) {
                return disposition;
            }
        }
        throw new Frames.MalformedFrameException("NACK disposition must be 'terminal' or 'transient', got '"
                + (word.length() > 20 ? word.substring(0, 20) + "..." : word) + "'");
    }
}
