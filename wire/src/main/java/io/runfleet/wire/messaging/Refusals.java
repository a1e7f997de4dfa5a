package io.runfleet.wire.messaging;

import io.runfleet.wire.RefusedForGoodException;
import io.runfleet.wire.failure.DatabaseFailures;

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

    /** The reason a receiver gives for {@code failure}: its message, or its type when it has none. */
    public static String reason(Throwable failure) {
        if (failure == null) {
            return "refused by the receiver (no reason given)";
        }
        return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    }
}
