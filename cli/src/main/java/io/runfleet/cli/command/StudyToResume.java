package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.progress.StudyStatus;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code run --resume [ID]}: goes on with a study already in the data directory. Without an id, the newest study
 * not yet done with every run succeeded (typically the one a Ctrl-C cancelled). How it goes on depends on its state:
 * an ACTIVE study (the CLI was killed) is followed as it is, a dry run is started, a cancelled, failed or completed
 * one with unsuccessful runs is resumed (those runs run again), and one whose runs all succeeded only shows its
 * results.
 */
final class StudyToResume {

    /** Studies per request: the most GET /studies serves. */
    private static final int PAGE = 1_000;

    private StudyToResume() {
    }

    /** @param requestedId the id given to {@code --resume}, or empty for the newest unfinished study */
    static String goOn(ServiceClient scheduler, String requestedId, Path dataDir, PrintWriter err) {
        StudyStatus study = requestedId.isEmpty()
                ? newestUnfinished(scheduler, dataDir)
                : StudyStatus.from(scheduler.getJson("/studies/" + StudyIds.checked(requestedId)));
        String id = study.id();
        if (!study.isOver()) {
            err.println("study " + id + " (" + study.name() + ") is still ACTIVE: following it");
        } else if ("DRY_RUN".equals(study.state())) {
            scheduler.post("/studies/" + id + "/start");
            err.println("dry run " + id + " (" + study.name() + ") started: " + study.total() + " runs");
        } else if (study.allSucceeded()) {
            err.println("study " + id + " (" + study.name() + ") already ended with all " + study.total()
                    + " runs succeeded: nothing to run");
        } else {
            JsonNode resumed = scheduler.post("/studies/" + id + "/resume");
            err.println("study " + id + " (" + study.name() + ") resumed: " + resumed.path("resumed").asLong()
                    + " runs run again, " + study.succeeded() + " already succeeded");
        }
        err.flush();
        return id;
    }

    private static StudyStatus newestUnfinished(ServiceClient scheduler, Path dataDir) {
        StudyStatus newest = null;
        StudyStatus last = null;
        String after = null;
        JsonNode page;
        do {
            page = scheduler.getJson("/studies?limit=" + PAGE + (after == null ? "" : "&after=" + after));
            for (JsonNode study : page) {
                StudyStatus status = StudyStatus.from(study);
                if (!(status.isOver() && status.allSucceeded())) {
                    newest = status; // oldest first: the last one seen is the newest
                }
                after = status.id();
                last = status;
            }
        } while (page.size() == PAGE);
        if (newest == null) {
            throw new CliException("--resume: " + (last == null ? "there is no study in " + dataDir
                    : "every study in " + dataDir + " ended with all its runs succeeded (`--resume " + last.id()
                    + "` shows the newest again)") + "; run a new one with `runfleet run FILE --data " + dataDir
                    + "`", ExitCodes.FAILED);
        }
        return newest;
    }
}
