package io.runfleet.cli.table;

import io.runfleet.cli.launch.StackMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code runfleet ps}: one row per process of a kept stack. */
public final class StackTableView {

    private static final int MAX_CELL_WIDTH = 60;

    private StackTableView() {
    }

    /**
     * @param runsHeld runs each agent holds, by agent id, as the scheduler tells; agents missing here show {@code ?}
     *                 when the scheduler could not tell, 0 otherwise
     * @param schedulerAnswered whether the scheduler told anything
     */
    public static String render(List<StackMember> members, Map<String, Long> runsHeld, boolean schedulerAnswered,
                                Instant now) {
        TextTable table = new TextTable(List.of("NAME", "PID", "STATE", "ADDRESS", "UPTIME", "RUNS"), MAX_CELL_WIDTH);
        for (StackMember member : members) {
            boolean running = member.isRunning();
            String runs = member.isService() ? "-"
                    : !running ? "-"
                    : schedulerAnswered ? String.valueOf(runsHeld.getOrDefault(member.name(), 0L)) : "?";
            table.addRow(List.of(member.name(), String.valueOf(member.pid()), running ? "running" : "dead",
                    member.address(), running ? uptime(Duration.between(Instant.ofEpochMilli(member.startedAt()), now))
                            : "-", runs));
        }
        return table.render();
    }

    /** 42s, 5m07s, 3h02m, 2d04h: two units at most, enough to tell a fresh process from an old one. */
    public static String uptime(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
