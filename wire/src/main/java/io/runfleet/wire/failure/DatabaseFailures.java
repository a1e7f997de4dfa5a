package io.runfleet.wire.failure;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database failure that passes by itself (the server restarting, a broken connection, a deadlock) from
 * one that trying again cannot mend (bad data, a bug). Services retry the first kind with back-off and keep the
 * messages it concerns unacknowledged; only the second kind refuses a message.
 */
public final class DatabaseFailures {

    /**
     * SQLSTATE values and classes that pass by themselves: class 08 (connection exception), 53 (insufficient
     * resources), 57P01-57P03 (the server shutting down, crashed or starting), 40001 and 40P01 (serialization
     * failure, deadlock).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01");
    /** Guards against a cause chain that loops back on itself. */
    private static final int MAX_CAUSES = 20;

    private DatabaseFailures() {
    }

    /**
     * Whether {@code failure}, one of its causes or an exception suppressed along the way (a failed rollback after a
     * failed statement, for instance) is a database failure that passes by itself.
     */
    public static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (isTransientItself(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (isTransientItself(suppressed) || isTransientItself(suppressed.getCause())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable failure) {
        return failure instanceof SQLTransientException || failure instanceof SQLRecoverableException
                || failure instanceof SQLException sql && isTransientState(sql.getSQLState());
    }

    /**
     * Whether {@code failure} itself is the database refusing the data: SQL state class 22 (data exception: a value
     * too long, a character the encoding cannot hold) or 23 (constraint violation). Trying again cannot mend it.
     */
    public static boolean isDataError(Throwable failure) {
        if (!(failure instanceof SQLException sql) || sql.getSQLState() == null) {
            return false;
        }
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
    }

    static boolean isTransientState(String state) {
        return state != null && state.length() == 5
                && (TRANSIENT_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_STATES.contains(state));
    }
}
