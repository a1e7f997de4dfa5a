package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.wire.rabbitmq.PoolQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;

/**
 * Removes what the transport holds for the pool of a study that ended (over RabbitMQ its request queue:
 * {@link PoolQueues#ended}), once the transaction that ended the study has committed: a study that stays ACTIVE after
 * a rollback keeps its queue and the requests in it. A study known to have no pool, or a named pool of the scheduler's
 * configuration ({@code launch: {pool: NAME}}, shared by other studies), is passed over; one the study cache
 * no longer held is treated as one with a pool, since deleting a queue that does not exist is a no-op at the broker.
 */
@ApplicationScoped
public class EndedPools {

    private final PoolQueues queues;
    private final TransactionSynchronizationRegistry transactions;

    public EndedPools(PoolQueues queues, TransactionSynchronizationRegistry transactions) {
        this.queues = queues;
        this.transactions = transactions;
    }

    /**
     * The study ended in the caller's transaction (or, outside one, has ended).
     *
     * @param known the study as the study cache held it, if it did
     */
    public void studyEnded(String studyId, Optional<StoredStudy> known) {
        if (known.isPresent() && known.get().pool().filter(pool -> pool.equals(Launch.poolOf(studyId))).isEmpty()) {
            // no pool, or a named pool of the configuration, whose queue serves its other studies still
            return;
        }
        String pool = known.flatMap(StoredStudy::pool).orElseGet(() -> Launch.poolOf(studyId));
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            queues.ended(pool);
            return;
        }
        AfterCommit.register(transactions, () -> queues.ended(pool));
    }
}
