package io.runfleet.cli.command;

import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.progress.StudyStatus;
import io.runfleet.cli.progress.StudyWatcher;
import java.io.PrintWriter;

/** {@code --watch}: follows a study until it ends, says how it ended and picks the exit code. */
final class StudyFollower {

    private StudyFollower() {
    }

    static int follow(ServiceClient scheduler, PrintWriter out, String studyId) throws InterruptedException {
        StudyStatus end = new StudyWatcher(scheduler, out, Terminal.isInteractive()).watch(studyId);
        return new StudyOutcome(scheduler, out).report(end);
    }
}
