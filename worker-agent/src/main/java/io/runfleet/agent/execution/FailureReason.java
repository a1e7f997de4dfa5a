package io.runfleet.agent.execution;

import io.runfleet.agent.process.SignalDeath;
/**
 * One-line reasons for failed runs. The reason travels to the scheduler's run list, where a user scans
 * many failures at once, so it names the exit code (and the signal, for a process killed by one) and the last
 * thing the command said on stderr.
 */
final class FailureReason {

    /** Reasons stay one line and short; the whole tail is kept beside them. */
    static final int MAX_STDERR_CHARS = 200;

    private FailureReason() {
    }

    /** "exit code 3: last stderr line", or "killed by signal 9 (SIGKILL), exit code 137: ..." after a signal. */
    static String exitCode(int exitCode, String stderrTail) {
        return withLastLine(SignalDeath.describe(exitCode).map(death -> death + ", ").orElse("") + "exit code "
                + exitCode, stderrTail);
    }

    /** "step 'simulate' exited with 3: last stderr line", or "... exited with 137 (killed by signal 9 ...)". */
    static String stepExit(String step, int exitCode, String stderrTail) {
        return withLastLine("step '" + step + "' exited with " + exitCode
                + SignalDeath.describe(exitCode).map(death -> " (" + death + ")").orElse(""), stderrTail);
    }

    private static String withLastLine(String reason, String stderrTail) {
        String lastLine = lastNonBlankLine(stderrTail);
        if (lastLine == null) {
            return reason;
        }
        if (lastLine.length() > MAX_STDERR_CHARS) {
            lastLine = lastLine.substring(0, MAX_STDERR_CHARS) + "...";
        }
        return reason + ": " + lastLine;
    }

    private static String lastNonBlankLine(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return null;
    }
}
