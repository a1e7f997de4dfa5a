package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.study.Launch;
import io.runfleet.wire.rabbitmq.PoolQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Removes what the transport holds for the pool of a study that ended (over RabbitMQ its request queue:
 * {@link PoolQueues#ended}), once the transaction that ended the study has committed: a study that stays ACTIVE after
 * a rollback keeps its queue and the requests in it. Any ended study is told; one without a pool has no queue, and
 * deleting a queue that does not exist is a no-op at the broker.
 */
@ApplicationScoped
public class EndedPools {

    private final PoolQueues queues;
    private final TransactionSynchronizationRegistry transactions;

    public EndedPools(PoolQueues queues, TransactionSynchronizationRegistry transactions) {
        this.queues = queues;
        this.transactions = transactions;
    }

    /** The study ended in the caller's transaction (or, outside one, has ended). */
    public void studyEnded(String studyId) {
        String pool = Launch.poolOf(studyId);
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            queues.ended(pool);
            return;
        }
        AfterCommit.register(transactions, () -> queues.ended(pool));
    }
}
