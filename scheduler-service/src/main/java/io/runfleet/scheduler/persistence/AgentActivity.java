package io.runfleet.scheduler.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.time.Instant;
import java.util.List;

/**
 * What the run table knows of each agent that ever took a run: the runs it holds now (DISPATCHED to it or RUNNING)
 * and when it last changed one of its runs. The transports keep no agent registry of their own that survives them,
 * so this is the one view of agents both ZeroMQ and RabbitMQ deployments share.
 */
public final class AgentActivity {

    /** One agent: its id, the runs it holds now, and the last time one of its runs changed. */
    public record Agent(String id, long runsHeld, Instant lastHeard) {
    }

    private AgentActivity() {
    }

    /** Every agent of the run table, by id. */
    public static List<Agent> all() {
        List<Object[]> rows = Panache.getEntityManager().createQuery(
                        "SELECT r.agentId, SUM(CASE WHEN r.state IN (:dispatched, :running) THEN 1 ELSE 0 END), "
                                + "MAX(r.updatedAt) FROM Run r WHERE r.agentId IS NOT NULL "
                                + "GROUP BY r.agentId ORDER BY r.agentId", Object[].class)
                .setParameter("dispatched", RunState.DISPATCHED)
                .setParameter("running", RunState.RUNNING)
                .getResultList();
        return rows.stream()
                .map(row -> new Agent((String) row[0], ((Number) row[1]).longValue(), (Instant) row[2]))
                .toList();
    }
}
