package io.runfleet.wire.messaging;

import io.runfleet.wire.RefusedForGoodException;
import io.runfleet.wire.failure.DatabaseFailures;
import java.sql.SQLException;

/**
 * What a refusal means for the sender: terminal (resending cannot help; the sender gives up and says so) or
 * transient (the message is delivered again). Every transport asks this of the failure a receiver nacked with.
 */
public final class Refusals {

    /** Guards against a cause chain that loops back on itself. */
    private static final int MAX_CAUSES = 20;

    private Refusals() {
    }

    /**
     * Terminal when the failure or one of its causes is a {@link RefusedForGoodException} (a malformed message is one)
     * or a database's refusal of the data itself (SQL state class 22 or 23); anything else is transient.
     */
    public static boolean isTerminal(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof RefusedForGoodException || DatabaseFailures.isDataError(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reason a receiver gives for {@code failure}, as one printable line: its message, or its type when it has
     * none; for a failed batch of statements the database's own error rather than the statement (which would repeat
     * the refused values). Control characters become spaces: a reason travels on and is stored as text, and a NUL
     * byte in it (one the database refused in a value, say) would be refused there in turn.
     */
    public static String reason(Throwable failure) {
        if (failure == null) {
            return "refused by the receiver (no reason given)";
        }
        Throwable shown = failure;
        if (failure instanceof SQLException sql) {
            for (SQLException next = sql.getNextException(); next != null && next != shown;
                    next = next.getNextException()) {
                shown = next;
            }
        }
        String text = shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage();
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString().strip();
    }
}
