package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the allocation manager asks of a queue system: submit a batch script, list the jobs, cancel one. Jobs come
 * back as {@link SlurmJob} with Slurm's state names (PENDING, RUNNING, COMPLETED, FAILED, ...) and, for the jobs
 * this scheduler submitted, the comment {@link AllocationNames} recognises, whatever the system calls them.
 */
interface QueueSystem {

    QueuePreset preset();

    /** Submits the script; answers the job id. */
    String submit(Path script) throws LaunchException;

    /** Every job the system shows, whoever submitted it. */
    List<SlurmJob> jobs() throws LaunchException;

    void cancel(String jobId) throws LaunchException;
}
