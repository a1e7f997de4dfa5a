package io.runfleet.scheduler.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A study row, read by the REST side. State changes are written by {@link StudyStore} on the scheduler loop. */
@Entity(name = "Study")
@Table(name = "study")
public class StudyEntity extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public String document;
    public String documentSha256;
    public String spec;
    public int maxParallel;
    public int retries;
    public long backoffMillis;
    public int crashLimit;
    public long totalRuns;
    @Enumerated(EnumType.STRING)
    public StudyState state;
    public Instant submittedAt;
    public Instant completedAt;
    /** The Content-Type of the submission; null for studies stored before it was kept. */
    public String documentType;
    public String sourceCommit;
    public Boolean sourceDirty;
    public String clientDirectory;
    public String clientUser;
    /** The later stages as JSON (a list of {@link io.runfleet.scheduler.study.Stage}); null for a study without. */
    public String stages;
    /** Why the scheduler failed the study (state FAILED); null otherwise. */
    public String error;
}
