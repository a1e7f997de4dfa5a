package io.runfleet.agent.execution;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files of a run stay after it ({@code keep}) and where it executes ({@code scratch}).
 * <ul>
 *   <li>{@code all}: every file; {@code none}: no file, the run directory is removed;
 *   {@code failed}: every file of a run that did not succeed, none of one that did;
 *   {@code patterns}: the files whose path relative to the run directory matches one of the glob patterns
 *   ({@code *.csv}, {@code out/**}), plus the captured streams ({@code stdout}, {@code stderr} and each step's
 *   {@code <step>.stdout}, {@code <step>.stderr}), which are always kept so that a failure can be read.</li>
 *   <li>A scratch directory ({@code tmpdir}: {@code $TMPDIR}, else {@code java.io.tmpdir}; or an absolute path) gets a
 *   fresh directory per attempt; what {@code keep} names is copied back to the run directory under the work directory
 *   once the run ended, and the scratch directory is then deleted however the run ended.</li>
 * </ul>
 */
final class RunFiles {

    private RunFiles() {
    }

    /** Why the spec's keep or scratch cannot be followed; null when it can. */
    static String problem(RunSpec spec) {
        String keep = spec.keep();
        if (!List.of(RunSpec.KEEP_ALL, RunSpec.KEEP_NONE, RunSpec.KEEP_FAILED, RunSpec.KEEP_PATTERNS).contains(keep)) {
            return "spec.keep '" + keep + "' is unknown; use all, none, failed or patterns";
        }
        if (RunSpec.KEEP_PATTERNS.equals(keep) && spec.keepPatterns().isEmpty()) {
            return "spec.keep is patterns but spec.keepPatterns is empty; give at least one glob pattern";
        }
        for (String pattern : spec.keepPatterns()) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (RuntimeException e) {
                return "spec.keepPatterns '" + pattern + "' is not a glob pattern: " + e.getMessage();
            }
        }
        String scratch = spec.scratch();
        if (scratch != null && !RunSpec.SCRATCH_TMPDIR.equals(scratch) && !Path.of(scratch).isAbsolute()) {
            return "spec.scratch '" + scratch + "' is neither tmpdir nor an absolute path";
        }
        return null;
    }

    /** Whether the run directory stays once the attempt ended with {@code outcome}. */
    static boolean keepsDirectory(RunSpec spec, RunOutcome outcome) {
        return switch (spec.keep()) {
            case RunSpec.KEEP_NONE -> false;
            case RunSpec.KEEP_FAILED -> outcome != RunOutcome.SUCCEEDED;
            default -> true;
        };
    }

    /**
     * A fresh directory for one attempt in the spec's scratch location, named after its run directory; null when
     * the spec has no scratch.
     */
    static Path createScratch(RunSpec spec, Path runDir) throws IOException {
        if (spec.scratch() == null) {
            return null;
        }
        Path base;
        if (RunSpec.SCRATCH_TMPDIR.equals(spec.scratch())) {
            String tmpdir = System.getenv("TMPDIR");
            base = Path.of(tmpdir != null && !tmpdir.isBlank() ? tmpdir : System.getProperty("java.io.tmpdir"));
        } else {
            base = Path.of(spec.scratch());
        }
        Files.createDirectories(base);
        String study = runDir.getParent().getFileName().toString();
        return Files.createTempDirectory(base, "runfleet-" + study + "-" + runDir.getFileName() + "-");
    }

    /**
     * Leaves in {@code runDir} what the spec keeps of a directory it wants kept: with a scratch directory, copies those
     * files from it into {@code runDir}; without one, deletes the other files from {@code runDir}.
     */
    static void settle(RunSpec spec, Path executedIn, Path runDir) throws IOException {
        PathMatcher kept = matcher(spec);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(executedIn)) {
            files = walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .map(executedIn::relativize).toList();
        }
        for (Path relative : files) {
            boolean keep = kept.matches(relative);
            if (!executedIn.equals(runDir) && keep) {
                Path target = runDir.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(executedIn.resolve(relative), target, StandardCopyOption.REPLACE_EXISTING);
            } else if (executedIn.equals(runDir) && !keep) {
                Files.deleteIfExists(runDir.resolve(relative));
            }
        }
    }

    /** The captured streams of the run: {@code stdout}, {@code stderr} and those of each step. */
    static Set<String> streamFiles(RunSpec spec) {
        Set<String> names = new HashSet<>(List.of(OutputSpec.STDOUT, OutputSpec.STDERR));
        for (StepSpec step : spec.steps()) {
            names.add(StepSequence.streamFile(step, OutputSpec.STDOUT));
            names.add(StepSequence.streamFile(step, OutputSpec.STDERR));
        }
        return names;
    }

    private static PathMatcher matcher(RunSpec spec) {
        if (!RunSpec.KEEP_PATTERNS.equals(spec.keep())) {
            return path -> true;
        }
        Set<String> streams = streamFiles(spec);
        List<PathMatcher> patterns = spec.keepPatterns().stream()
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern)).toList();
        return path -> (path.getNameCount() == 1 && streams.contains(path.toString()))
                || patterns.stream().anyMatch(pattern -> pattern.matches(path));
    }
}
