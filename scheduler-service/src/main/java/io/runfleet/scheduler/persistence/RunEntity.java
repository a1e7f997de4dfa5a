package io.runfleet.scheduler.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A run row, read by the REST side. State changes go through {@link RunRow} and {@link RunStore}. */
@Entity(name = "Run")
@Table(name = "run")
public class RunEntity extends PanacheEntityBase {

    @Id
    public String id;
    public String studyId;
    public long seq;
    public String params;
    public String paramHash;
    @Enumerated(EnumType.STRING)
    public RunState state;
    public int attempt;
    public int lostCount;
    public int failureCount;
    public int preemptedCount;
    public int drainedCount;
    public Instant leaseDeadline;
    public Instant notBefore;
    public String agentId;
    public String host;
    public Integer exitCode;
    public String error;
    public Instant createdAt;
    public Instant startedAt;
    public Instant endedAt;
    public Instant updatedAt;
    public int repetition;
    /** The run's stage: 0 for the study's own runs. */
    public int stageIndex;
    /** The stage's name: {@code main} for stage 0. */
    public String stage;
    /** The run of the stage before whose result made this run; null in stage 0. */
    public String parentRunId;
    /** When the transport took the current attempt's request; null while it waits in the scheduler. */
    public Instant handedOverAt;
    /** Sampler loops (docs/study-format.md, "Sampler loops"): the client's point id, the round, its value. */
    public String clientPointId;
    public Integer samplerRound;
    public Double objectiveValue;
    public boolean cancelRequested;

    /** The reason shown for a DISPATCHED run that no agent has claimed and that has no claim lease running. */
    public static final String WAITING_FOR_AN_AGENT = "waiting for an agent";

    /**
     * Why the run is where it is: its error, or {@link #WAITING_FOR_AN_AGENT} while its request waits for an agent
     * to ask for work (in the scheduler, or in a broker that redelivers it) and no claim lease runs: the normal
     * state of a study submitted before its agents start, not a fault.
     */
    public String reason() {
        return state == RunState.DISPATCHED && leaseDeadline == null ? WAITING_FOR_AN_AGENT : error;
    }
}
