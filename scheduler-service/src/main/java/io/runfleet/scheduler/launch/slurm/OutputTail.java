package io.runfleet.scheduler.launch.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of an allocation's output file, for the study's launch status. */
final class OutputTail {

    private static final int MAX_LINE = 300;

    private OutputTail() {
    }

    static String of(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line).toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }
}
