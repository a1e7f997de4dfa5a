package io.runfleet.scheduler.dispatch;

import io.runfleet.wire.RunRef;

/**
 * The broker dead-lettered the run request of {@code ref} (RabbitMQ): it will never be delivered again, so the
 * attempt can neither start nor be handed back by a claim lease, which such requests do not have.
 *
 * @param reason why, for the run's error: the delivery limit reached, or the refusal of the agent that could not
 *               read it
 */
public record RequestDeadLettered(RunRef ref, String reason) {
}
