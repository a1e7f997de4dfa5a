package io.runfleet.agent.config;

/** What an agent does with its runs in progress on SIGTERM ({@code runfleet.agent.on-stop}). */
public enum OnStop {
    /** Let them finish within {@code drain-timeout}, then kill and hand back what remains (drained). */
    DRAIN,
    /** Kill them at once and hand them back as preempted: the allocation is going away. */
    REQUEUE
}
