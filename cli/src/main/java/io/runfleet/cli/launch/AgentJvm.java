package io.runfleet.cli.launch;

import io.runfleet.wire.AgentJvmOptions;
import java.nio.file.Path;

/** The java command line of every agent this CLI starts. */
public final class AgentJvm {

    private AgentJvm() {
    }

    /** The agent jar with the options every Runfleet agent launcher shares ({@link AgentJvmOptions}). */
    public static JavaCommand command(Path agentJar) {
        return new JavaCommand(agentJar, AgentJvmOptions.OPTIONS);
    }
}
