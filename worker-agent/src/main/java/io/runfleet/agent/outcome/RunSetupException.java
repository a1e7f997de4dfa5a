package io.runfleet.agent.outcome;

/**
 * A run that cannot be set up from its request: an unsafe id or file path, a placeholder without a
 * value, an empty command. Terminal: the same request fails the same way on every agent.
 */
public class RunSetupException extends Exception {

    public RunSetupException(String message) {
        super(message);
    }
}
