package io.runfleet.cli.progress;

import java.util.Locale;

/** Renders {@code [#########.........] 9/12  running 2  failed 0  1.3 runs/s  eta 4s}. */
public final class ProgressLine {

    private final int barWidth;

    public ProgressLine(int barWidth) {
        this.barWidth = barWidth;
    }

    public String render(StudyStatus status, double runsPerSecond) {
        long total = Math.max(status.total(), 0);
        long finished = Math.min(status.finished(), total);
        int filled = total == 0 ? 0 : (int) (finished * barWidth / total);
        StringBuilder line = new StringBuilder(barWidth + 64);
        line.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append("] ")
                .append(finished).append('/').append(total)
                .append("  running ").append(status.inFlight())
                .append("  failed ").append(status.failed());
        if (status.count("RETRYING") > 0) {
            line.append("  retrying ").append(status.count("RETRYING"));
        }
        if (status.count("CANCELLED") > 0) {
            line.append("  cancelled ").append(status.count("CANCELLED"));
        }
        line.append("  ").append(rate(runsPerSecond)).append(" runs/s")
                .append("  eta ").append(eta(total - finished, runsPerSecond, status.isOver()));
        return line.toString();
    }

    static String rate(double runsPerSecond) {
        return runsPerSecond >= 100
                ? String.format(Locale.ROOT, "%.0f", runsPerSecond)
                : String.format(Locale.ROOT, "%.1f", runsPerSecond);
    }

    static String eta(long remaining, double runsPerSecond, boolean over) {
        if (remaining <= 0 || over) {
            return "0s";
        }
        if (runsPerSecond <= 0) {
            return "--";
        }
        return duration((long) Math.ceil(remaining / runsPerSecond));
    }

    /** 4s, 2m05s, 3h07m: short enough for one terminal line. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
