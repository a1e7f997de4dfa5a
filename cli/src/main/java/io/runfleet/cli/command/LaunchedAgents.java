package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.http.ServiceClient;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The agents a scheduler launched for a study: once the study ended the scheduler stops them, which this waits for
 * before the stack goes down, so that no agent is left to wait for its idle timeout.
 */
final class LaunchedAgents {

    /** The scheduler's own grace for them (runfleet.launch.stop-grace, 45 s) and a round or two more. */
    private static final Duration PATIENCE = Duration.ofSeconds(50);

    private LaunchedAgents() {
    }

    static void awaitStopped(ServiceClient scheduler, String studyId, PrintWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int running = running(scheduler, studyId);
        if (running > 0) {
            err.println("waiting for the " + running + " agents launched for the study to stop...");
            err.flush();
        }
        while (running > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            running = running(scheduler, studyId);
        }
        if (running > 0) {
            err.println(running + " launched agents still run; they exit by themselves once idle"
                    + " (runfleet.launch.agent-idle-timeout)");
            err.flush();
        }
    }

    private static int running(ServiceClient scheduler, String studyId) {
        JsonNode launch = scheduler.getJson("/studies/" + studyId).path("launch");
        return launch.path("running").asInt(0);
    }
}
