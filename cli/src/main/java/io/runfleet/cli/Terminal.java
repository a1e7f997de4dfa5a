package io.runfleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output or standard error is an interactive terminal or a pipe or file. */
public final class Terminal {

    private Terminal() {
    }

    /** Standard output (and input) on a terminal: results default to a table for people. */
    public static boolean isInteractive() {
        // On Java 17 a console exists only when both standard input and output are a terminal.
        return System.console() != null && !dumb();
    }

    /**
     * Standard error on a terminal: progress is redrawn in place there. Progress goes to standard error, so it is
     * redrawn even when standard output is captured ({@code id=$(runfleet submit s.yaml --watch)}).
     */
    public static boolean standardErrorIsInteractive() {
        return !dumb() && (isTerminal(2) || System.console() != null);
    }

    /**
     * Java 17 has a console only when standard input and output are both terminals; on Linux the target of the
     * file descriptor tells for each stream alone.
     */
    public static boolean isTerminal(int fileDescriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fileDescriptor)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static boolean dumb() {
        return "dumb".equals(System.getenv("TERM"));
    }
}
