package io.runfleet.scheduler.launch;

/** An agent could not be started, found or stopped; the message names the cause and the fix. */
public class LaunchException extends Exception {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
