package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.study.Launch;
import java.util.List;

/**
 * The supervisor's account of one study's agents: how many died and were replaced, and why it stopped replacing them.
 * Kept in memory: a restarted scheduler starts counting again. Touched by the supervisor's thread and read by the API.
 */
final class StudyLaunch {

    private final String studyId;
    private final Launch spec;
    private int died;
    private int replaced;
    private int running;
    private List<String> agents = List.of();
    private String stoppedReplacing;
    private String lastError;

    StudyLaunch(String studyId, Launch spec) {
        this.studyId = studyId;
        this.spec = spec;
    }

    /**
     * The study is ACTIVE again (resumed, extended, repeated after it ended): its agents start afresh, with the whole
     * replacement limit, since the cause of earlier deaths may have been fixed.
     */
    synchronized void reactivated() {
        died = 0;
        replaced = 0;
        stoppedReplacing = null;
        lastError = null;
    }

    Launch spec() {
        return spec;
    }

    /** An agent exited with an error or vanished, or could not start, while runs of the study were left. */
    synchronized void died(String why) {
        died++;
        lastError = why;
    }

    synchronized void error(String why) {
        lastError = why;
    }

    synchronized void running(List<String> agentIds) {
        this.agents = List.copyOf(agentIds);
        this.running = agentIds.size();
    }

    /**
     * Whether one more agent may start: always for the first ones and after agents that exited cleanly (idle), and
     * in place of dead ones while fewer than {@code limit} were replaced.
     */
    synchronized boolean mayStart(int limit) {
        return died <= replaced || replaced < limit;
    }

    /** Counts a start as a replacement when it takes the place of a dead agent. */
    synchronized void started() {
        if (died > replaced) {
            replaced++;
        }
    }

    /**
     * A start failed. It counts as a death, and, when it was to take the place of a dead agent, as a replacement
     * spent: otherwise a cause that fails every start (an image that cannot run, an engine refusing its options) would
     * be retried for ever without ever reaching the limit.
     */
    synchronized void couldNotStart(String why) {
        if (died > replaced) {
            replaced++;
        }
        died(why);
    }

    /** @return true the first time, so that the reason is logged once */
    synchronized boolean stopReplacing(String why) {
        boolean first = stoppedReplacing == null;
        stoppedReplacing = why;
        return first;
    }

    synchronized int died() {
        return died;
    }

    synchronized int replaced() {
        return replaced;
    }

    synchronized LaunchStatus status(int limit) {
        return new LaunchStatus(LaunchKind.of(spec), spec.agents(), running, agents, died, replaced, limit,
                stoppedReplacing, lastError, null);
    }

    String studyId() {
        return studyId;
    }
}
