package io.runfleet.agent.process;

import java.util.Optional;

/**
 * Tells a death by signal apart from an ordinary exit code. Java reports a child killed by signal {@code n} as
 * exit value {@code 128 + n} (as shells do for their children), so 137 is SIGKILL: the OOM killer, an operator's
 * {@code kill -9}, a batch system enforcing a limit. Users looking at "exit code 137" rarely know that; the
 * signal's name tells them where to look.
 */
public final class SignalDeath {

    /** Signals are 1 to 64 on Linux; an exit value above 128 + 64 is an ordinary exit code. */
    private static final int MAX_SIGNAL = 64;
    private static final int SIGNAL_BASE = 128;
    /** The Linux numbering (x86, ARM) of the signals a run is likely to die of. */
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    private SignalDeath() {
    }

    /** "killed by signal 9 (SIGKILL)" for exit value 137; empty for an exit value that is not a signal death. */
    public static Optional<String> describe(int exitValue) {
        int signal = exitValue - SIGNAL_BASE;
        if (signal < 1 || signal > MAX_SIGNAL) {
            return Optional.empty();
        }
        String name = signal < NAMES.length ? " (" + NAMES[signal] + ")" : "";
        return Optional.of("killed by signal " + signal + name);
    }
}
