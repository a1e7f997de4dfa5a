package io.runfleet.scheduler.persistence;

/**
 * Where a submission came from, as the client reports it (docs/scheduler-service.md, "Provenance"). Every part
 * is optional: a study file outside a git work tree has no commit, a client that reports nothing has none of it.
 *
 * @param commit    the commit checked out in the study file's git work tree ({@code git rev-parse HEAD})
 * @param dirty     whether that work tree had changes not committed ({@code git status --porcelain} not empty)
 * @param directory the client's working directory
 * @param user      the user name the client ran as
 */
public record Provenance(String commit, Boolean dirty, String directory, String user) {

    public static final Provenance NONE = new Provenance(null, null, null, null);

    public boolean isEmpty() {
        return commit == null && dirty == null && directory == null && user == null;
    }
}
