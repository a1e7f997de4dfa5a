package io.runfleet.scheduler.persistence;

import io.runfleet.wire.RunRef;
import io.runfleet.wire.SamplerPoint;
import java.time.Instant;

/**
 * A run's mutable bookkeeping, loaded for a batch of state changes and written back by {@link RunStore#update}.
 * The state only changes through {@link #moveTo(RunState)}, which checks the transition table.
 */
public final class RunRow {

    private final String id;
    private final String studyId;
    private final long seq;
    private RunState state;
    private int attempt;
    private int lostCount;
    private int failureCount;
    private int preemptedCount;
    private int drainedCount;
    private Instant leaseDeadline;
    private Instant handedOverAt;
    private Instant notBefore;
    private String agentId;
    private String host;
    private Integer exitCode;
    private String error;
    private Instant startedAt;
    private Instant endedAt;
    private String params;
    private String paramHash;
    private int stageIndex;
    private String parentRunId;
    private String clientPointId;
    private Integer samplerRound;
    private boolean dirty;

    public RunRow(String id, String studyId, long seq, RunState state, int attempt) {
        this.id = id;
        this.studyId = studyId;
        this.seq = seq;
        this.state = state;
        this.attempt = attempt;
    }

    /** Moves to {@code next}; throws {@link IllegalStateTransition} when the table forbids it. */
    public void moveTo(RunState next) {
        state = state.transitionTo(next);
        dirty = true;
    }

    /**
     * Starts a new attempt: every dispatch is one, so a stale copy of a request is told apart. No lease yet: the
     * request waits for an agent, and the claim lease starts only once the transport has handed it over
     * (docs/design.md, "One live request per run").
     */
    public void startNextAttempt() {
        moveTo(RunState.DISPATCHED);
        attempt++;
        leaseDeadline = null;
        handedOverAt = null;
        notBefore = null;
        agentId = null;
        host = null;
        exitCode = null;
        error = null;
        startedAt = null;
        endedAt = null;
    }

    public RunRef ref() {
        return new RunRef(id, attempt);
    }

    public boolean isCurrent(int reportedAttempt) {
        return attempt == reportedAttempt;
    }

    public String id() { return id; }
    public String studyId() { return studyId; }
    public long seq() { return seq; }
    public RunState state() { return state; }
    public int attempt() { return attempt; }
    public int lostCount() { return lostCount; }
    public int failureCount() { return failureCount; }
    /** Attempts killed mid-way as their agent's allocation ended; they use neither retries nor the crash limit. */
    public int preemptedCount() { return preemptedCount; }
    /** Attempts handed back unfinished by their agent; they use neither retries nor the crash limit. */
    public int drainedCount() { return drainedCount; }
    public Instant leaseDeadline() { return leaseDeadline; }
    /** When the transport took the current attempt's request; null while it waits in the scheduler. */
    public Instant handedOverAt() { return handedOverAt; }
    public Instant notBefore() { return notBefore; }
    public String agentId() { return agentId; }
    public String host() { return host; }
    public Integer exitCode() { return exitCode; }
    public String error() { return error; }
    public Instant startedAt() { return startedAt; }
    public Instant endedAt() { return endedAt; }
    public String params() { return params; }
    public String paramHash() { return paramHash; }
    /** The run's stage: 0 for the study's own runs. */
    public int stageIndex() { return stageIndex; }
    /** The run of the stage before whose result made this run; null in stage 0. */
    public String parentRunId() { return parentRunId; }
    /** Where the run came from in its study's sampler loop; null for a run of a parameter space. */
    public SamplerPoint samplerPoint() {
        return samplerRound == null ? null : new SamplerPoint(clientPointId, samplerRound);
    }
    boolean isDirty() { return dirty; }

    public void leaseUntil(Instant deadline) { leaseDeadline = deadline; dirty = true; }
    public void clearLease() { leaseDeadline = null; dirty = true; }
    public void notBefore(Instant when) { notBefore = when; dirty = true; }
    public void heldBy(String agent, String onHost) { agentId = agent; host = onHost; dirty = true; }
    public void startedAt(Instant when) { startedAt = when; dirty = true; }
    public void endedAt(Instant when) { endedAt = when; dirty = true; }
    public void outcome(Integer code, String message) { exitCode = code; error = message; dirty = true; }
    public void countFailure() { failureCount++; dirty = true; }
    public void countLoss() { lostCount++; dirty = true; }
    public void countPreemption() { preemptedCount++; dirty = true; }
    public void countDrain() { drainedCount++; dirty = true; }

    void load(int lost, int failures, Instant lease, Instant notBeforeTime, String agent, String onHost,
              Integer code, String message, Instant started, Instant ended) {
        lostCount = lost;
        failureCount = failures;
        leaseDeadline = lease;
        notBefore = notBeforeTime;
        agentId = agent;
        host = onHost;
        exitCode = code;
        error = message;
        startedAt = started;
        endedAt = ended;
    }

    void interruptions(int preempted, int drained) {
        preemptedCount = preempted;
        drainedCount = drained;
    }

    void handedOver(Instant at) {
        handedOverAt = at;
    }

    void stage(int index, String parent) {
        stageIndex = index;
        parentRunId = parent;
    }

    void sampler(String pointId, Integer round) {
        clientPointId = pointId;
        samplerRound = round;
    }

    void payload(String paramsJson, String hash) {
        params = paramsJson;
        paramHash = hash;
    }
}
