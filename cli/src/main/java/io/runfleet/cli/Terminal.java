package io.runfleet.cli;

/** Whether standard output is an interactive terminal (progress redrawn in place) or a pipe or file. */
public final class Terminal {

    private Terminal() {
    }

    public static boolean isInteractive() {
        // On Java 17 a console exists only when both standard input and output are a terminal.
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
