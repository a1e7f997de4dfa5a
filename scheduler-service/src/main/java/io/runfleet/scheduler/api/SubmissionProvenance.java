package io.runfleet.scheduler.api;

import io.runfleet.scheduler.persistence.Provenance;

/**
 * Where a study's submission came from, as {@code GET /studies/{id}} shows it. Each field is null when the client
 * did not report it.
 *
 * @param commit    {@code git rev-parse HEAD} of the study file's work tree
 * @param dirty     whether that work tree had uncommitted changes
 * @param directory the client's working directory
 * @param user      the user the client ran as
 */
public record SubmissionProvenance(String commit, Boolean dirty, String directory, String user) {

    /** {@code null} when nothing was reported, so that the JSON says so plainly. */
    static SubmissionProvenance of(Provenance provenance) {
        return provenance.isEmpty() ? null
                : new SubmissionProvenance(provenance.commit(), provenance.dirty(), provenance.directory(),
                provenance.user());
    }
}
