package io.runfleet.wire.messaging;

/**
 * A transport whose receivers hold credit at the sender: a receiver that will take no more messages withdraws it,
 * so that nothing more is sent to it. Messages already on their way still arrive.
 */
public interface CreditWithdrawal {

    /** Withdraws, at the sender, every credit this process granted on {@code channel}; nothing if it granted none. */
    void withdrawCredit(String channel);
}
