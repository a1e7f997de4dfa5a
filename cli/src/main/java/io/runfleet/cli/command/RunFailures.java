package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.table.FailureGroupsView;
import java.io.PrintWriter;
import java.util.List;

/** Why a study's runs did not succeed: every FAILED, TIMED_OUT and CANCELLED run, counted per reason. */
final class RunFailures {

    private static final List<String> UNSUCCESSFUL = List.of("FAILED", "TIMED_OUT", "CANCELLED");
    /** The scheduler's largest page of runs. */
    private static final int PAGE = 10_000;

    private RunFailures() {
    }

    static void report(ServiceClient scheduler, String studyId, PrintWriter err) {
        FailureGroupsView groups = new FailureGroupsView();
        for (String state : UNSUCCESSFUL) {
            long afterSeq = -1;
            JsonNode page;
            do {
                page = scheduler.getJson("/studies/" + studyId + "/runs?state=" + state + "&limit=" + PAGE
                        + "&afterSeq=" + afterSeq);
                page.forEach(groups::add);
                if (!page.isEmpty()) {
                    afterSeq = page.get(page.size() - 1).path("seq").asLong();
                }
            } while (page.size() == PAGE);
        }
        if (!groups.isEmpty()) {
            err.println("runs that did not succeed, by reason:");
            err.print(groups.render());
        }
        err.flush();
    }
}
