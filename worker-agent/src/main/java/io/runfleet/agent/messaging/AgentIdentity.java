package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.LocalHost;
import io.runfleet.wire.Identifiers;
import jakarta.inject.Singleton;

/** Who this agent is, as written into every report and result. */
@Singleton
public class AgentIdentity {

    private final String agentId;
    private final String host;

    /** Created at start-up (reports need it): an id the services could not store stops the agent there. */
    public AgentIdentity(AgentConfig config) {
        this.agentId = checked(config.agentId());
        this.host = LocalHost.name();
    }

    /** Every report and result carries the id; one longer than the wire's limit would be refused with each. */
    static String checked(String agentId) {
        String problem = Identifiers.problem("runfleet.agent.id", agentId);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (environment RUNFLEET_AGENT_ID; the default is"
                    + " <hostname>-<pid>): the services store at most " + Identifiers.MAX_LENGTH
                    + " characters of an agent id, and every report and result carries it");
        }
        return agentId;
    }

    public String agentId() {
        return agentId;
    }

    public String host() {
        return host;
    }
}
