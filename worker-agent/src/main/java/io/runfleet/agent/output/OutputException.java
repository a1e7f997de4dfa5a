package io.runfleet.agent.output;

/** An output that cannot be read. Terminal for the attempt: the run is FAILED with this message. */
public class OutputException extends Exception {

    public OutputException(String message) {
        super(message);
    }

    /** The conventional message: {@code output <file>: <reason>}. */
    public static OutputException of(String file, String reason) {
        return new OutputException("output " + file + ": " + reason);
    }
}
