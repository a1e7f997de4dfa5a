package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.OptionalInt;

/**
 * How many runs this agent may still take ({@code runfleet.agent.max-runs}): it asks for no more than that, stops
 * asking once it has taken them, and then exits ({@link MaxRunsExit}). Without a limit it never runs out.
 */
@Singleton
public class RunBudget {

    private final OptionalInt limit;
    private int taken;

    @Inject
    public RunBudget(AgentConfig config) {
        this(config.runLimit());
    }

    RunBudget(OptionalInt limit) {
        this.limit = limit;
    }

    /** The runs to ask for at start: one per slot, but no more than the limit. */
    int initialCredit(int slots) {
        return limit.isPresent() ? Math.min(slots, limit.getAsInt()) : slots;
    }

    /** Counts a run taken; true when it was the last one this agent may take. */
    synchronized boolean took() {
        taken++;
        return spent();
    }

    /** True once this agent has taken all the runs it may. */
    synchronized boolean spent() {
        return limit.isPresent() && taken >= limit.getAsInt();
    }
}
