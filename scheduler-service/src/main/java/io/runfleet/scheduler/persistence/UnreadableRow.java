package io.runfleet.scheduler.persistence;

/**
 * A stored row this build cannot read (a JSON column that is not JSON, or not the shape it should be): damage to
 * that row, not a reason to stop serving the others. The scheduler fails the study that owns it, with this message
 * as the reason, and goes on with the rest.
 */
public class UnreadableRow extends IllegalStateException {

    public UnreadableRow(String message, Throwable cause) {
        super(message + ": " + firstLine(cause.getMessage()), cause);
    }

    public UnreadableRow(String message) {
        super(message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
