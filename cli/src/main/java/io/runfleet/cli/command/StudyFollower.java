package io.runfleet.cli.command;

import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.progress.StudyStatus;
import io.runfleet.cli.progress.StudyWatcher;
import java.io.PrintWriter;

/**
 * {@code --watch}: follows a study until it ends, says how it ended and picks the exit code. Progress and the
 * outcome go to standard error: standard output holds only what a script reads (a submitted study's id).
 */
final class StudyFollower {

    private StudyFollower() {
    }

    static int follow(ServiceClient scheduler, PrintWriter err, String studyId) throws InterruptedException {
        // Ctrl-C ends the watching, not the study: say so, and how to cancel it or watch it again.
        Thread notice = new Thread(() -> {
            err.println();
            err.println(stillRunning(studyId));
            err.flush();
        }, "runfleet-watch-interrupted");
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            StudyStatus end = new StudyWatcher(scheduler, err, Terminal.standardErrorIsInteractive()).watch(studyId);
            return new StudyOutcome(scheduler, err).report(end);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping and the notice runs: nothing to undo
            }
        }
    }

    static String stillRunning(String studyId) {
        return "runfleet: stopped watching; study " + studyId + " goes on." + System.lineSeparator()
                + "  cancel it:      runfleet cancel " + studyId + System.lineSeparator()
                + "  watch it again: runfleet status " + studyId + " --watch";
    }
}
