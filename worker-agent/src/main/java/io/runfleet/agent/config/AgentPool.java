package io.runfleet.agent.config;

import io.quarkus.runtime.StartupEvent;
import io.runfleet.wire.Pools;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.Optional;

/** The pool whose runs alone this agent takes ({@code runfleet.agent.pool}), checked at start. */
@Singleton
public class AgentPool {

    static final String KEY = "runfleet.agent.pool";

    private final Optional<String> name;

    public AgentPool(AgentConfig config) {
        this.name = checked(config.pool());
    }

    /** Before the transport opens its channels, so that a bad name is reported under the setting users write. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        // created by the injection of this observer: the constructor has checked the name
    }

    static Optional<String> checked(Optional<String> pool) {
        Optional<String> given = pool.map(String::trim).filter(text -> !text.isEmpty());
        given.ifPresent(name -> {
            String problem = Pools.problem(KEY, name);
            if (problem != null) {
                throw new IllegalArgumentException(problem + " (environment RUNFLEET_AGENT_POOL, or runfleet agent"
                        + " --pool NAME); the scheduler names a study's pool study-<study id>");
            }
        });
        return given;
    }

    public Optional<String> name() {
        return name;
    }

    /** How the pool reads in a log line. */
    public String describe() {
        return name.map(pool -> "of pool " + pool).orElse("without a pool");
    }
}
