package io.runfleet.scheduler.dispatch;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must follow a change only once it is committed, never after a rollback. */
final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code work} once the caller's transaction has committed; not at all if it rolls back. */
    static void register(TransactionSynchronizationRegistry transactions, Runnable work) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }
}
