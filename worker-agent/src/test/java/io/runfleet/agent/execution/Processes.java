package io.runfleet.agent.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Process checks for tests: a killed process whose new parent never reaps it stays a zombie, which is gone. */
public final class Processes {

    private Processes() {
    }

    public static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    public static void awaitGone(long pid) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(pid));
    }
}
