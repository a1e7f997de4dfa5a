package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.Stages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a study's {@code stages} (docs/study-format.md, "Stages") and builds a {@link Stage} for each. A stage's
 * templates may name the parameters and constants of every stage before it, the outputs it {@code uses} and its
 * own parameters; a parameter of its own named like one of those is refused, since the run would hold two values
 * for one name.
 */
final class StageValidator {

    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Problems problems;
    private final long maxRuns;
    private final int maxTemplateBytes;
    private final boolean readDirectories;

    StageValidator(Problems problems, long maxRuns, int maxTemplateBytes, boolean readDirectories) {
        this.problems = problems;
        this.maxRuns = maxRuns;
        this.maxTemplateBytes = maxTemplateBytes;
        this.readDirectories = readDirectories;
    }

    /**
     * @param firstNames  stage 0's parameters and constants
     * @param studyPolicy the policy a stage's own policy starts from
     * @param kinds       the kinds of value of stage 0's parameters and the built-in names; each stage's are added
     * @param firstCount  how many runs stage 0 has
     */
    List<Stage> validate(List<StageDocument> documents, Set<String> firstNames, Policy studyPolicy, long firstCount,
                         ValueKinds kinds) {
        if (documents == null || documents.isEmpty()) {
            return List.of();
        }
        Set<String> known = new TreeSet<>(firstNames);
        Set<String> stageNames = new HashSet<>();
        List<ParameterSpace> spaces = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        long mostRuns = firstCount;
        long parents = firstCount;
        for (int i = 0; i < documents.size(); i++) {
            String section = "stages[" + i + "]";
            StageDocument document = documents.get(i);
            if (document == null) {
                problems.add(section, "empty; give at least a name and a template");
                continue;
            }
            String name = checkName(section, document.name(), stageNames);
            List<String> uses = checkUses(section, document.uses(), known);
            ParameterValidator parameters = new ParameterValidator(problems, maxRuns, section + ".parameters");
            ParameterSpace space = parameters.validate(document.parameters());
            kinds.addAll(space);
            checkOwnNames(section, parameters.components(), known, uses);
            Set<String> names = new TreeSet<>(known);
            names.addAll(uses);
            names.addAll(parameters.names());
            List<OutputSpec> outputs = new OutputValidator(problems, section + ".outputs").validate(document.outputs());
            RunSpec spec = new TemplateValidator(problems, names, kinds, maxTemplateBytes, readDirectories,
                    section + ".template").validate(document.template(), outputs);
            Policy policy = policy(section, document.policy(), studyPolicy);
            long count = space.count();
            if (count == 0) {
                problems.add(section + ".parameters", "the stage expands to zero points; give at least one, or leave "
                        + "parameters out for one run per run of the stage before");
            }
            parents = times(parents, count);
            mostRuns = parents == Long.MAX_VALUE || mostRuns > Long.MAX_VALUE - parents ? Long.MAX_VALUE
                    : mostRuns + parents;
            known = names;
            spaces.add(space);
            stages.add(new Stage(i + 1, name, spec, policy, uses, null));
        }
        if (mostRuns > maxRuns) {
            problems.add("stages", "if every run succeeds the study makes "
                    + (mostRuns == Long.MAX_VALUE ? "too many" : String.valueOf(mostRuns)) + " runs, more than the "
                    + "limit of " + maxRuns + " (runfleet.scheduler.max-runs-per-study); give the stages fewer points "
                    + "or split the study");
        }
        if (!problems.isEmpty()) {
            return List.of();
        }
        List<Stage> expanded = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            List<Map<String, Object>> points = new ArrayList<>();
            spaces.get(i).forEach(points::add);
            expanded.add(new Stage(stage.index(), stage.name(), stage.spec(), stage.policy(), stage.uses(), points));
        }
        return expanded;
    }

    private String checkName(String section, String name, Set<String> seen) {
        String field = section + ".name";
        if (name == null || name.isBlank()) {
            problems.add(field, "missing; name the stage with letters, digits, _ . or -, as in refine");
        } else if (!STAGE_NAME.matcher(name).matches() || name.length() > 200) {
            problems.add(field, "'" + name + "' is not allowed; use up to 200 letters, digits, _ . or -");
        } else if (name.equals(Stages.FIRST)) {
            problems.add(field, "'" + Stages.FIRST + "' names the study's own runs (stage 0); choose another name");
        } else if (!seen.add(name)) {
            problems.add(field, "another stage is also called '" + name + "'; give each stage its own name");
        }
        return name;
    }

    private List<String> checkUses(String section, List<String> uses, Set<String> known) {
        if (uses == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int j = 0; j < uses.size(); j++) {
            String field = section + ".uses[" + j + "]";
            String output = uses.get(j);
            ParameterValues.checkName(problems, field, output);
            if (output == null) {
                continue;
            }
            if (known.contains(output)) {
                problems.add(field, "output '" + output + "' is named like a parameter of an earlier stage, which the "
                        + "runs already hold; rename the output (or the parameter), or drop it from uses");
            } else if (!distinct.add(output)) {
                problems.add(field, "'" + output + "' is listed twice; list each output once");
            }
        }
        return List.copyOf(distinct);
    }

    private void checkOwnNames(String section, Map<String, String> components, Set<String> known, List<String> uses) {
        new LinkedHashMap<>(components).forEach((name, component) -> {
            if (known.contains(name)) {
                problems.add(component + "." + name, "parameter '" + name + "' is already a parameter of an earlier "
                        + "stage, which " + section + "'s runs hold; give this stage's parameter another name");
            } else if (uses.contains(name)) {
                problems.add(component + "." + name, "parameter '" + name + "' is named like an output this stage "
                        + "uses; give the parameter another name");
            }
        });
    }

    private Policy policy(String section, PolicyDocument policy, Policy studyPolicy) {
        if (policy != null && policy.maxParallel() != null) {
            problems.add(section + ".policy.maxParallel", "maxParallel is one limit for the whole study; set it in "
                    + "the study's policy and remove it here");
        }
        Policy checked = new PolicyValidator(problems).validate(policy, section + ".policy", studyPolicy);
        return new Policy(studyPolicy.maxParallel(), checked.retries(), checked.backoff(), checked.crashLimit());
    }

    private static long times(long a, long b) {
        if (a == Long.MAX_VALUE || b == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
