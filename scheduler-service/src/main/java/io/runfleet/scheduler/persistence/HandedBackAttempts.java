package io.runfleet.scheduler.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attempts that agents handed back without blame, by agent: preempted (killed as the agent stopped: scancel,
 * preemption) or drained (refused or released unfinished, e.g. a run that no longer fits before the agent's deadline).
 * The dispatch path records them as it applies the reports; the Slurm allocation manager reads them by job (its
 * agents' ids start with {@code <study>-<job id>-}) to account for an allocation that ended and to stop counting the
 * slots of one whose agents stopped taking runs. Kept in memory, like the allocation manager's other counts; an
 * attempt is counted once however often its report is applied (a batch retried after a rollback).
 */
@ApplicationScoped
public class HandedBackAttempts {

    /** What an allocation's agents handed back. */
    public record Counts(int preempted, int drained) {

        public static final Counts NONE = new Counts(0, 0);

        public int total() {
            return preempted + drained;
        }
    }

    /** By agent id, then by attempt ({@code runId/attempt}): whether it was preempted (else drained). */
    private final Map<String, Map<String, Boolean>> byAgent = new ConcurrentHashMap<>();

    public void record(String agentId, String runId, int attempt, boolean preempted) {
        if (agentId != null) {
            byAgent.computeIfAbsent(agentId, id -> new ConcurrentHashMap<>()).put(runId + "/" + attempt, preempted);
        }
    }

    /** What the agents whose id starts with {@code agentPrefix} handed back so far. */
    public Counts of(String agentPrefix) {
        int preempted = 0;
        int drained = 0;
        for (Map.Entry<String, Map<String, Boolean>> agent : byAgent.entrySet()) {
            if (agent.getKey().startsWith(agentPrefix)) {
                for (boolean wasPreempted : agent.getValue().values()) {
                    if (wasPreempted) {
                        preempted++;
                    } else {
                        drained++;
                    }
                }
            }
        }
        return new Counts(preempted, drained);
    }

    /** Forgets the agents whose id starts with {@code agentPrefix}: their allocation was accounted for. */
    public void forget(String agentPrefix) {
        byAgent.keySet().removeIf(agentId -> agentId.startsWith(agentPrefix));
    }
}
