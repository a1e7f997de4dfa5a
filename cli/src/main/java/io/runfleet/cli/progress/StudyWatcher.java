package io.runfleet.cli.progress;

import io.runfleet.cli.http.ServiceClient;
import java.io.PrintWriter;
import java.util.Set;

/**
 * Follows a study until it is over. On a terminal the progress bar is redrawn in place on one line;
 * otherwise (a log, a pipe) a line is printed whenever the progress changed, at most once a second. A problem with
 * the agents the scheduler starts for the study is printed on a line of its own each time it changes, since runs
 * waiting for agents that cannot start look no different in the counts. A study with a sampler gets its best value
 * so far beside the bar ({@link SamplerBest}).
 */
public final class StudyWatcher {

    private static final long TERMINAL_POLL_MILLIS = 250;
    private static final long PLAIN_POLL_MILLIS = 1000;
    private static final long RATE_WINDOW_MILLIS = 15_000;
    /** How the scheduler answers {@code GET /studies/{id}/sampler} for a study without a sampler section. */
    private static final Set<Integer> NO_SAMPLER = Set.of(404, 409);

    private final ServiceClient scheduler;
    private final PrintWriter out;
    private final boolean terminal;
    private final ProgressLine progressLine = new ProgressLine(24);
    private final SamplerBest samplerBest;

    public StudyWatcher(ServiceClient scheduler, PrintWriter out, boolean terminal) {
        this.scheduler = scheduler;
        this.out = out;
        this.terminal = terminal;
        this.samplerBest = new SamplerBest(id -> scheduler.getJsonUnless("/studies/" + id + "/sampler", NO_SAMPLER));
    }

    public StudyStatus watch(String studyId) throws InterruptedException {
        return watch(studyId, () -> { });
    }

    /** @param eachPoll a check run before every poll; it throws to give up (e.g. the agents died) */
    public StudyStatus watch(String studyId, Runnable eachPoll) throws InterruptedException {
        try {
            return follow(studyId, eachPoll);
        } catch (RuntimeException | InterruptedException e) {
            if (terminal) {
                // End the progress line so that the error is not printed over it.
                out.println();
                out.flush();
            }
            throw e;
        }
    }

    private StudyStatus follow(String studyId, Runnable eachPoll) throws InterruptedException {
        RateEstimator rate = new RateEstimator(RATE_WINDOW_MILLIS);
        String previous = "";
        String launchProblem = "";
        int drawnWidth = 0;
        while (true) {
            eachPoll.run();
            StudyStatus status = StudyStatus.from(scheduler.getJson("/studies/" + studyId));
            rate.record(System.currentTimeMillis(), status.finished());
            if (!status.launchProblem().isEmpty() && !status.launchProblem().equals(launchProblem)) {
                out.print(terminal && drawnWidth > 0 ? "\n" : "");
                out.println("launch: " + status.launchProblem());
                drawnWidth = 0;
                previous = "";
            }
            launchProblem = status.launchProblem();
            String line = progressLine.render(status, rate.perSecond())
                    + samplerBest.text(studyId, System.currentTimeMillis());
            if (terminal) {
                // Pad with blanks: a shorter line must wipe the tail of the one before.
                out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
                drawnWidth = line.length();
                out.flush();
            } else if (!line.equals(previous)) {
                out.println(line);
                out.flush();
            }
            previous = line;
            if (status.isOver()) {
                if (terminal) {
                    out.println();
                    out.flush();
                }
                return status;
            }
            Thread.sleep(terminal ? TERMINAL_POLL_MILLIS : PLAIN_POLL_MILLIS);
        }
    }
}
