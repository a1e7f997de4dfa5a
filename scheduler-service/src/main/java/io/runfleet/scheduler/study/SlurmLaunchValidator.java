package io.runfleet.scheduler.study;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a study's {@code launch.slurm} section (docs/study-format.md, "Launch") and fills in its defaults; every
 * problem goes to {@link Problems}, so that one answer names them all.
 */
final class SlurmLaunchValidator {

    /** The sbatch options Runfleet writes itself: a study's {@code submitArgs} may not give them. */
    static final List<String> OWNED_OPTIONS = List.of("--time", "-t", "--nodes", "-N", "--array", "-a", "--job-name",
            "-J", "--output", "-o", "--error", "-e");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Duration MIN_WALLTIME = Duration.ofMinutes(1);

    private final Problems problems;
    /** Where the section sits: {@code launch.slurm} or {@code launch.pbs} in a study, {@code pools.NAME.slurm} in the pools file. */
    private final String prefix;
    /** The queue system of a section that names none: {@code pbs} under the {@code pbs} key, else {@code slurm}. */
    private final String key;

    SlurmLaunchValidator(Problems problems) {
        this(problems, Launch.Slurm.DEFAULT_SYSTEM);
    }

    /** A study's section written under {@code key} ({@code slurm} or {@code pbs}). */
    SlurmLaunchValidator(Problems problems, String key) {
        this(problems, "launch." + key, key);
    }

    SlurmLaunchValidator(Problems problems, String prefix, String key) {
        this.problems = problems;
        this.prefix = prefix;
        this.key = key;
    }

    Launch.Slurm validate(LaunchDocument.Slurm slurm) {
        Optional<String> partition = name(slurm.partition(), "partition");
        Optional<String> account = name(slurm.account(), "account");
        Optional<String> qos = name(slurm.qos(), "qos");
        Duration walltime = duration(slurm.walltime(), "walltime", Duration.ofHours(1));
        if (walltime.compareTo(MIN_WALLTIME) < 0) {
            problems.add(field("walltime"), "'" + slurm.walltime() + "' is shorter than Slurm's unit of one minute;"
                    + " give 1m or more, e.g. 2h");
            walltime = MIN_WALLTIME;
        }
        int nodes = count(slurm.maxNodesPerAllocation(), "maxNodesPerAllocation", 1, 4096, 1);
        int agentsPerNode = count(slurm.agentsPerNode(), "agentsPerNode", 1, 256, 1);
        int cpusPerAgent = count(slurm.cpusPerAgent(), "cpusPerAgent", 1, 1024, 1);
        int threadsPerRun = count(slurm.threadsPerRun(), "threadsPerRun", 1, 1024, 1);
        if (threadsPerRun > cpusPerAgent) {
            problems.add(field("threadsPerRun"), threadsPerRun + " is more than cpusPerAgent (" + cpusPerAgent
                    + "), which would leave an agent no slot; give at most " + cpusPerAgent + " or raise cpusPerAgent");
        }
        int maxAllocations = count(slurm.maxAllocations(), "maxAllocations", 1, 1000, 1);
        int maxPending = count(slurm.maxPendingAllocations(), "maxPendingAllocations", 1, 1000, maxAllocations);
        Duration idleTimeout = duration(slurm.idleTimeout(), "idleTimeout", Duration.ofMinutes(2));
        Duration drainMargin = duration(slurm.drainMargin(), "drainMargin",
                walltime.compareTo(Duration.ofMinutes(10)) >= 0 ? Duration.ofMinutes(2) : Duration.ofSeconds(20));
        if (drainMargin.compareTo(walltime) >= 0) {
            problems.add(field("drainMargin"), "'" + slurm.drainMargin() + "' leaves no time of the walltime ("
                    + slurm.walltime() + ") for runs; give less, e.g. 2m for a walltime of an hour");
        }
        List<String> setup = lines(slurm.setup(), "setup");
        List<String> submitArgs = lines(slurm.submitArgs(), "submitArgs");
        for (int i = 0; i < submitArgs.size(); i++) {
            String option = submitArgs.get(i).split("=", 2)[0].trim();
            boolean owned = OWNED_OPTIONS.contains(option)
                    || (option.length() > 2 && !option.startsWith("--") && OWNED_OPTIONS.contains(option.substring(0, 2)));
            if (owned) {
                problems.add(field("submitArgs[" + i + "]"), "'" + submitArgs.get(i) + "' sets an option Runfleet"
                        + " writes itself (" + String.join(", ", OWNED_OPTIONS) + "); use walltime and"
                        + " maxNodesPerAllocation instead, or leave it out");
            } else if (!option.startsWith("-")) {
                problems.add(field("submitArgs[" + i + "]"), "'" + submitArgs.get(i) + "' is not an sbatch option;"
                        + " give each option as one item, e.g. --constraint=haswell");
            }
        }
        String system = slurm.system() == null || slurm.system().isBlank() ? key
                : name(slurm.system(), "system").orElse(key);
        Launch.Slurm.Mode mode = mode(slurm.mode());
        int arrayThrottle = slurm.arrayThrottle() == null ? 0
                : count(slurm.arrayThrottle(), "arrayThrottle", 1, 100_000, 0);
        if (slurm.arrayThrottle() != null && mode != Launch.Slurm.Mode.ARRAY) {
            problems.add(field("arrayThrottle"), "is only for one array task per run; add mode: array, or leave"
                    + " arrayThrottle out (agents mode runs maxAllocations x maxNodesPerAllocation x agentsPerNode"
                    + " agents at most)");
        }
        Optional<String> scriptTemplate = Optional.ofNullable(slurm.scriptTemplate()).filter(text -> !text.isBlank());
        scriptTemplate.ifPresent(text -> ScriptTemplate.check(problems, field("scriptTemplate"), text));
        if (mode == Launch.Slurm.Mode.ARRAY) {
            arrayModeLimits(system, scriptTemplate.isPresent());
        }
        return new Launch.Slurm(partition, account, qos, walltime, nodes, agentsPerNode, cpusPerAgent, threadsPerRun,
                maxAllocations, maxPending, idleTimeout, drainMargin, setup, submitArgs, system, mode, arrayThrottle,
                scriptTemplate, Optional.empty());
    }

    /** Array mode writes Slurm's {@code --array} and a script of its own: no other queue system, no template. */
    void arrayModeLimits(String system, boolean template) {
        if (!system.equals(Launch.Slurm.DEFAULT_SYSTEM)) {
            problems.add(field("mode"), "array is Slurm's job-array mode, not available with system " + system
                    + "; use mode: agents (the default) there, or system: slurm");
        }
        if (template) {
            problems.add(field("scriptTemplate"), "an array's script is Runfleet's own (one agent per task); leave"
                    + " scriptTemplate out with mode: array, or use mode: agents");
        }
    }

    private Launch.Slurm.Mode mode(String text) {
        if (text == null || text.isBlank() || text.trim().equals("agents")) {
            return Launch.Slurm.Mode.AGENTS;
        }
        if (text.trim().equals("array")) {
            return Launch.Slurm.Mode.ARRAY;
        }
        problems.add(field("mode"), "'" + text + "' is not a mode; give agents (long-lived agents in allocations, the"
                + " default) or array (one array task per run)");
        return Launch.Slurm.Mode.AGENTS;
    }

    private String field(String name) {
        return prefix + "." + name;
    }

    private Optional<String> name(String text, String name) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (!NAME.matcher(text.trim()).matches()) {
            problems.add(field(name), "'" + text + "' is not a Slurm " + name + " name; give letters, digits, '.',"
                    + " '_' or '-' as sinfo or sacctmgr list it");
            return Optional.empty();
        }
        return Optional.of(text.trim());
    }

    private Duration duration(String text, String name, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            Duration duration = DurationText.parse(text);
            if (!duration.isZero()) {
                return duration;
            }
            problems.add(field(name), "'" + text + "' is zero; give a positive duration such as 30s, 10m or 2h");
        } catch (IllegalArgumentException e) {
            problems.add(field(name), e.getMessage());
        }
        return fallback;
    }

    private int count(String text, String name, int min, int max, int fallback) {
        return LaunchValidator.count(problems, text, field(name), min, max, fallback);
    }

    private List<String> lines(List<String> given, String name) {
        List<String> lines = new ArrayList<>();
        if (given == null) {
            return lines;
        }
        for (int i = 0; i < given.size(); i++) {
            String line = given.get(i);
            if (line == null || line.isBlank() || line.contains("\n") || line.contains("\0")) {
                problems.add(field(name + "[" + i + "]"), "empty or holds a line break; give one line per item");
            } else {
                lines.add(line.trim());
            }
        }
        return lines;
    }
}
