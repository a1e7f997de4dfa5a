package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.progress.StudyStatus;
import java.io.PrintWriter;

/** Says how a study ended, shows a few failed runs with their errors, and picks the exit code. */
final class StudyOutcome {

    private static final int FAILED_RUNS_SHOWN = 5;

    private final ServiceClient scheduler;
    private final PrintWriter out;

    StudyOutcome(ServiceClient scheduler, PrintWriter out) {
        this.scheduler = scheduler;
        this.out = out;
    }

    int report(StudyStatus end) {
        out.println("study " + end.id() + " " + end.state() + ": " + end.succeeded() + " of " + end.total()
                + " runs succeeded" + (end.failed() > 0 ? ", " + end.failed() + " failed" : "")
                + (end.count("CANCELLED") > 0 ? ", " + end.count("CANCELLED") + " cancelled" : ""));
        if (end.failed() > 0) {
            showFailedRuns(end.id(), "FAILED");
            showFailedRuns(end.id(), "TIMED_OUT");
        }
        out.flush();
        return end.allSucceeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void showFailedRuns(String studyId, String state) {
        JsonNode runs = scheduler.getJson("/studies/" + studyId + "/runs?state=" + state + "&limit=" + FAILED_RUNS_SHOWN);
        int shown = 0;
        for (JsonNode run : runs) {
            if (shown++ == FAILED_RUNS_SHOWN) {
                break;
            }
            out.println("  Run(id=" + run.path("id").asText() + ", seq=" + run.path("seq").asText()
                    + ", attempt=" + run.path("attempt").asText() + ") " + state
                    + " exit=" + run.path("exitCode").asText("-") + " params=" + run.path("params")
                    + (run.hasNonNull("error") ? System.lineSeparator() + "    " + firstLines(run.get("error").asText()) : ""));
        }
    }

    private static String firstLines(String error) {
        String[] lines = error.strip().split("\\R");
        int from = Math.max(0, lines.length - 3);
        return String.join(System.lineSeparator() + "    ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
