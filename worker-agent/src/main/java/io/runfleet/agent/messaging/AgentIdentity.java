package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.LocalHost;
import jakarta.inject.Singleton;

/** Who this agent is, as written into every report and result. */
@Singleton
public class AgentIdentity {

    private final String agentId;
    private final String host;

    public AgentIdentity(AgentConfig config) {
        this.agentId = config.agentId();
        this.host = LocalHost.name();
    }

    public String agentId() {
        return agentId;
    }

    public String host() {
        return host;
    }
}
