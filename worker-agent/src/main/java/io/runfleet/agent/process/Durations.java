package io.runfleet.agent.process;

/** Short human durations for messages: {@code 2s}, {@code 1500ms}. */
public final class Durations {

    private Durations() {
    }

    public static String text(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
