package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's own batch script ({@code launch.slurm.scriptTemplate}, or a pool's {@code scriptTemplateFile}), with two
 * lines that Runfleet fills: {@code {{ runfleet.directives }}}, the {@code #SBATCH} lines it owns (job name and comment,
 * by which a restarted scheduler finds its allocations, walltime, nodes, tasks, output, signal), and
 * {@code {{ runfleet.agents }}}, the block that starts the agents (setup lines, drain point, srun, drain). Both are
 * needed: without the first Slurm would not size or name the allocation, without the second no agent would start.
 */
public final class ScriptTemplate {

    public static final String DIRECTIVES = "runfleet.directives";
    public static final String AGENTS = "runfleet.agents";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(runfleet\\.[A-Za-z0-9_.-]*)\\s*}}");
    private static final Pattern SBATCH = Pattern.compile("#SBATCH\\s+(\\S+)");
    /** Options of the template's own #SBATCH lines that Runfleet writes itself. */
    private static final List<String> OWNED = ownedOptions();

    private ScriptTemplate() {
    }

    private static List<String> ownedOptions() {
        List<String> owned = new ArrayList<>(SlurmLaunchValidator.OWNED_OPTIONS);
        owned.add("--comment");
        return List.copyOf(owned);
    }

    /** Every problem of the template's text, each under {@code field}. */
    static void check(Problems problems, String field, String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("#!")) {
            problems.add(field, "the first line is not an interpreter line; sbatch needs one: begin the template with"
                    + " #!/bin/bash");
        }
        int directivesAt = -1;
        int agentsAt = -1;
        boolean commandBefore = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher placeholder = PLACEHOLDER.matcher(line);
            while (placeholder.find()) {
                String name = placeholder.group(1);
                if (!name.equals(DIRECTIVES) && !name.equals(AGENTS)) {
                    problems.add(field, "line " + (i + 1) + ": unknown placeholder {{ " + name + " }}; Runfleet fills"
                            + " {{ " + DIRECTIVES + " }} and {{ " + AGENTS + " }}");
                } else if (!line.strip().equals(placeholder.group())) {
                    problems.add(field, "line " + (i + 1) + ": {{ " + name + " }} must stand alone on its line");
                } else if (name.equals(DIRECTIVES) ? directivesAt >= 0 : agentsAt >= 0) {
                    problems.add(field, "line " + (i + 1) + ": {{ " + name + " }} a second time; give it once");
                } else if (name.equals(DIRECTIVES)) {
                    directivesAt = i;
                    if (commandBefore) {
                        problems.add(field, "line " + (i + 1) + ": {{ " + DIRECTIVES + " }} comes after a command;"
                                + " sbatch reads #SBATCH lines only before the first command, so put it right after"
                                + " the #! line");
                    }
                } else {
                    agentsAt = i;
                }
            }
            String stripped = line.strip();
            Matcher sbatch = SBATCH.matcher(stripped);
            if (sbatch.lookingAt()) {
                String option = sbatch.group(1).split("=", 2)[0];
                if (OWNED.contains(option) || (option.length() > 2 && !option.startsWith("--")
                        && OWNED.contains(option.substring(0, 2)))) {
                    problems.add(field, "line " + (i + 1) + ": '" + stripped + "' sets an option Runfleet writes itself"
                            + " (" + String.join(", ", OWNED) + "); use walltime and maxNodesPerAllocation instead, or"
                            + " leave it out");
                }
            }
            if (i > 0 && !stripped.isEmpty() && !stripped.startsWith("#") && !placeholder.reset().find()) {
                commandBefore = true;
            }
        }
        for (Map.Entry<String, Integer> owned : List.of(Map.entry(DIRECTIVES, directivesAt), Map.entry(AGENTS, agentsAt))) {
            if (owned.getValue() < 0) {
                problems.add(field, "has no {{ " + owned.getKey() + " }}; add a line holding just it ("
                        + (owned.getKey().equals(DIRECTIVES) ? "right after the #! line: the #SBATCH lines Runfleet"
                        + " owns" : "where the agents should start: setup lines, drain point and srun") + ")");
            }
        }
    }

    /** The template with its two placeholder lines replaced by Runfleet's blocks (each ending with a line break). */
    public static String fill(String template, String directives, String agents) {
        StringBuilder script = new StringBuilder();
        for (String line : template.lines().toList()) {
            Matcher placeholder = PLACEHOLDER.matcher(line.strip());
            if (placeholder.matches() && placeholder.group(1).equals(DIRECTIVES)) {
                script.append(directives);
            } else if (placeholder.matches() && placeholder.group(1).equals(AGENTS)) {
                script.append(agents);
            } else {
                script.append(line).append('\n');
            }
        }
        return script.toString();
    }
}
