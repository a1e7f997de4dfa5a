package io.runfleet.wire;

/**
 * Names of the messaging channels that connect the services. Which transport carries a channel is
 * configuration ({@code mp.messaging.[incoming|outgoing].<name>.connector}); code only ever names the
 * channel.
 */
public final class Channels {

    /** Scheduler to agents: {@link RunRequest}, handed to agents that have asked for work. */
    public static final String RUN_REQUESTS = "run-requests";

    /** Agents to scheduler: {@link AgentReport} (a claim, a heartbeat, a hand-back). */
    public static final String AGENT_REPORTS = "agent-reports";

    /** Agents to results service: {@link RunResult}, acknowledged once stored. */
    public static final String RUN_RESULTS = "run-results";

    /** Results service to scheduler: {@link RunCompleted}, relayed from the outbox, acknowledged once applied. */
    public static final String RUN_COMPLETED = "run-completed";

    /** Results service to anyone listening (samplers, dashboards): {@link RunCompleted}, best effort. */
    public static final String RUN_EVENTS = "run-events";

    /**
     * Scheduler to results service: {@link StudyStopped}, acknowledged once the results service has written it into
     * its outbox as the study's next event (docs/results-service.md, "study.stopped"). Reliable like
     * {@link #RUN_RESULTS}: over ZeroMQ a dealer of the scheduler's to the results service's router, resent until
     * acknowledged; over RabbitMQ the queue {@code runfleet.study-events}, which the scheduler declares.
     */
    public static final String STUDY_EVENTS = "study-events";

    /**
     * Scheduler to every agent: {@link CancelRuns}, a broadcast, best effort. Each agent stops the runs it
     * holds and ignores the rest; a lost broadcast is repeated when a cancelled run is heartbeated again.
     */
    public static final String AGENT_CONTROL = "agent-control";

    /**
     * RabbitMQ only, broker to scheduler: the dead letters of {@link #RUN_REQUESTS} and {@link #RUN_RESULTS}, copies
     * of what the dead-letter queue receives. A run whose request or result died there would otherwise wait for a
     * lease that never runs out (a request) or come back lost (a result); the scheduler ends it with the reason.
     */
    public static final String RUN_DEAD_LETTERS = "run-dead-letters";

    private Channels() {
    }
}
