package io.runfleet.scheduler.study;

import io.runfleet.scheduler.study.SamplerDocument.BudgetDocument;
import io.runfleet.scheduler.study.SamplerDocument.StopDocument;
import io.runfleet.scheduler.study.SamplerDocument.VariableDocument;
import io.runfleet.scheduler.study.SamplerSection.Acquisition;
import io.runfleet.scheduler.study.SamplerSection.Budget;
import io.runfleet.scheduler.study.SamplerSection.DesignMethod;
import io.runfleet.scheduler.study.SamplerSection.Failures;
import io.runfleet.scheduler.study.SamplerSection.Goal;
import io.runfleet.scheduler.study.SamplerSection.InitialDesign;
import io.runfleet.scheduler.study.SamplerSection.Kernel;
import io.runfleet.scheduler.study.SamplerSection.Kind;
import io.runfleet.scheduler.study.SamplerSection.Objective;
import io.runfleet.scheduler.study.SamplerSection.OnStop;
import io.runfleet.scheduler.study.SamplerSection.Scale;
import io.runfleet.scheduler.study.SamplerSection.Stop;
import io.runfleet.scheduler.study.SamplerSection.Variable;
import io.runfleet.wire.OutputSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a study's {@code sampler} section and builds its {@link SamplerSection}, adding every problem found to the
 * study's. A sampler study has no parameter space: the sampler gives its points, {@code parameters.constants} are
 * merged into each.
 */
final class SamplerValidator {

    private static final String SECTION = "sampler";
    /** Without a count, the built-in sampler starts from twice as many points as it has variables, at least this. */
    private static final int MIN_DEFAULT_DESIGN = 4;

    private final Problems problems;

    SamplerValidator(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param outputs    the study's outputs (stage 0), to find the objective among
     * @param parameters the study's parameters section; only constants are allowed beside a sampler
     * @return the section, or null when it has problems (they are in {@code problems})
     */
    SamplerSection validate(SamplerDocument sampler, List<OutputSpec> outputs, ParametersDocument parameters) {
        boolean valid = true;
        valid &= onlyConstants(parameters);
        Kind kind = choice(SECTION + ".kind", sampler.kind(), Kind.class, null);
        valid &= kind != null;
        Map<String, Variable> variables = variables(sampler.variables(), parameters);
        valid &= variables != null;
        Objective objective = objective(sampler.objectives(), outputs);
        valid &= objective != null;
        Budget budget = budget(sampler.budget());
        valid &= budget != null;
        int inFlight = sampler.inFlight() == null ? 1 : sampler.inFlight();
        if (inFlight < 1) {
            valid = false;
            problems.add(SECTION + ".inFlight", inFlight + " is too small; keep 1 or more runs in flight");
        } else if (budget != null && inFlight > budget.maxRuns()) {
            valid = false;
            problems.add(SECTION + ".inFlight", inFlight + " is more than budget.maxRuns (" + budget.maxRuns()
                    + "); lower inFlight to at most " + budget.maxRuns() + " or raise the budget");
        }
        StopDocument stopDocument = sampler.stop();
        Stop stop = stop(stopDocument);
        OnStop onStop = choice(SECTION + ".stop.onStop", stopDocument == null ? null : stopDocument.onStop(),
                OnStop.class, OnStop.DRAIN);
        Failures failures = choice(SECTION + ".failures", sampler.failures(), Failures.class, Failures.EXCLUDE);
        valid &= stop != null && onStop != null && failures != null;
        InitialDesign design = null;
        Kernel kernel = null;
        Acquisition acquisition = null;
        if (kind == Kind.ADAPTIVE) {
            design = initialDesign(sampler.initialDesign(), variables == null ? 1 : variables.size(), budget);
            kernel = choice(SECTION + ".model.kernel", sampler.model() == null ? null : sampler.model().kernel(),
                    Kernel.class, Kernel.MATERN52);
            acquisition = choice(SECTION + ".acquisition.kind",
                    sampler.acquisition() == null ? null : sampler.acquisition().kind(), Acquisition.class,
                    Acquisition.EI);
            valid &= design != null && kernel != null && acquisition != null;
        } else if (kind == Kind.EXTERNAL) {
            valid &= adaptiveOnly("initialDesign", sampler.initialDesign());
            valid &= adaptiveOnly("model", sampler.model());
            valid &= adaptiveOnly("acquisition", sampler.acquisition());
        }
        return valid ? new SamplerSection(kind, variables, objective, design, inFlight, budget, kernel, acquisition,
                stop, onStop, failures) : null;
    }

    private boolean onlyConstants(ParametersDocument parameters) {
        if (parameters == null) {
            return true;
        }
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("grid", parameters.grid());
        components.put("zip", parameters.zip());
        components.put("points", parameters.points());
        components.put("csv", parameters.csv());
        components.put("csvFile", parameters.csvFile());
        components.put("space", parameters.space());
        components.put("sample", parameters.sample());
        boolean valid = true;
        for (Map.Entry<String, Object> component : components.entrySet()) {
            if (component.getValue() != null) {
                valid = false;
                problems.add("parameters." + component.getKey(), "a study with a sampler gets its points from the "
                        + "sampler; remove parameters." + component.getKey() + " (only parameters.constants may stay"
                        + " beside sampler.variables), or remove the sampler section for a parameter study");
            }
        }
        return valid;
    }

    private Map<String, Variable> variables(LinkedHashMap<String, VariableDocument> documents,
                                            ParametersDocument parameters) {
        String field = SECTION + ".variables";
        if (documents == null || documents.isEmpty()) {
            problems.add(field, "missing; name the variables the sampler chooses with their bounds, as in "
                    + "{x1: {min: -5, max: 10}}");
            return null;
        }
        Set<String> constants = parameters == null || parameters.constants() == null ? Set.of()
                : parameters.constants().keySet();
        Map<String, Variable> variables = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, VariableDocument> entry : documents.entrySet()) {
            String name = entry.getKey();
            String at = field + "." + name;
            int before = problemCount();
            ParameterValues.checkName(problems, at, name);
            if (constants.contains(name)) {
                problems.add(at, "'" + name + "' is also a constant (parameters.constants." + name
                        + "); give each name one source");
            }
            VariableDocument variable = entry.getValue();
            if (variable == null || variable.min() == null || variable.max() == null) {
                problems.add(at, "needs bounds; give both, as in {min: 0, max: 1}");
                valid = false;
                continue;
            }
            Scale scale = choice(at + ".scale", variable.scale(), Scale.class, Scale.LINEAR);
            if (!Double.isFinite(variable.min()) || !Double.isFinite(variable.max())
                    || variable.min() >= variable.max()) {
                problems.add(at, "min " + variable.min() + " is not below max " + variable.max()
                        + "; give finite bounds with min < max");
            } else if (scale == Scale.LOG && variable.min() <= 0) {
                problems.add(at + ".min", variable.min() + " is not above 0, which a log scale needs; give a "
                        + "positive min or scale: linear");
            }
            if (scale == null || problemCount() > before) {
                valid = false;
                continue;
            }
            variables.put(name, new Variable(variable.min(), variable.max(), scale));
        }
        return valid ? variables : null;
    }

    /**
     * The objective must be an output of the study: a named group of one of its regex outputs, or, when the study
     * has a json output (whose fields are known only once a run wrote them), any name; a run whose outputs lack it
     * then counts as failed for the sampler.
     */
    private Objective objective(LinkedHashMap<String, String> objectives, List<OutputSpec> outputs) {
        String field = SECTION + ".objectives";
        if (objectives == null || objectives.size() != 1) {
            problems.add(field, (objectives == null || objectives.isEmpty() ? "missing" : objectives.size()
                    + " objectives") + "; give exactly one output and its goal, as in {f: minimize}");
            return null;
        }
        Map.Entry<String, String> only = objectives.entrySet().iterator().next();
        Goal goal = choice(field + "." + only.getKey(), only.getValue(), Goal.class, null);
        Set<String> named = new LinkedHashSet<>();
        boolean anyJson = false;
        for (OutputSpec output : outputs) {
            // a JSON file's fields (or a keyvalue file's lines) are known only when the run writes them
            var names = OutputValidator.outputNames(output);
            anyJson |= names.isEmpty();
            names.ifPresent(named::addAll);
        }
        if (!anyJson && !named.contains(only.getKey())) {
            problems.add(field + "." + only.getKey(), "'" + only.getKey() + "' is not an output of the study"
                    + (named.isEmpty() ? " (it has no outputs)" : " (its outputs: " + String.join(", ", named) + ")")
                    + "; name one of them, or add an output that produces it, as in "
                    + "outputs: [{regex: '" + only.getKey() + "=(?<" + only.getKey() + ">\\S+)'}] or "
                    + "[{json: result.json}]");
            return null;
        }
        return goal == null ? null : new Objective(only.getKey(), goal);
    }

    private Budget budget(BudgetDocument budget) {
        String field = SECTION + ".budget";
        if (budget == null || budget.maxRuns() == null) {
            problems.add(field + ".maxRuns", "missing; every sampler loop needs a run budget, as in "
                    + "budget: {maxRuns: 60}");
            return null;
        }
        boolean valid = true;
        if (budget.maxRuns() < 1) {
            valid = false;
            problems.add(field + ".maxRuns", budget.maxRuns() + " is too small; give 1 or more runs");
        }
        if (budget.maxFailures() != null && budget.maxFailures() < 1) {
            valid = false;
            problems.add(field + ".maxFailures", budget.maxFailures() + " is too small; give 1 or more, or leave "
                    + "it out for no limit");
        }
        Duration maxTime = null;
        if (budget.maxTime() != null) {
            try {
                maxTime = DurationText.parse(budget.maxTime());
            } catch (IllegalArgumentException e) {
                valid = false;
                problems.add(field + ".maxTime", e.getMessage());
            }
        }
        return valid ? new Budget(budget.maxRuns(), budget.maxFailures(), maxTime) : null;
    }

    private Stop stop(StopDocument stop) {
        if (stop == null) {
            return new Stop(null, null, null);
        }
        boolean valid = true;
        Double value = null;
        Double tolerance = null;
        if (stop.target() != null) {
            value = stop.target().value();
            tolerance = stop.target().tolerance() == null ? 0.0 : stop.target().tolerance();
            if (value == null || !Double.isFinite(value)) {
                valid = false;
                problems.add(SECTION + ".stop.target.value", "missing; give the objective value to stop at");
            }
            if (tolerance < 0) {
                valid = false;
                problems.add(SECTION + ".stop.target.tolerance", tolerance + " is negative; give 0 or more");
            }
        }
        Integer runs = stop.stagnation() == null ? null : stop.stagnation().runs();
        if (stop.stagnation() != null && (runs == null || runs < 1)) {
            valid = false;
            problems.add(SECTION + ".stop.stagnation.runs", runs + " is not a positive count; give the results "
                    + "without improvement to stop after, as in {runs: 20}");
        }
        return valid ? new Stop(value, tolerance, runs) : null;
    }

    private InitialDesign initialDesign(SamplerDocument.InitialDesignDocument design, int dimensions, Budget budget) {
        String field = SECTION + ".initialDesign";
        DesignMethod method = choice(field + ".method", design == null ? null : design.method(), DesignMethod.class,
                DesignMethod.SOBOL);
        int count = design == null || design.count() == null ? Math.max(MIN_DEFAULT_DESIGN, 2 * dimensions)
                : design.count();
        if (budget != null && design == null) {
            count = Math.min(count, budget.maxRuns());
        }
        long seed = design == null || design.seed() == null ? 0 : design.seed();
        if (count < 1) {
            problems.add(field + ".count", count + " is too small; give 1 or more points");
            return null;
        }
        if (budget != null && count > budget.maxRuns()) {
            problems.add(field + ".count", count + " is more than budget.maxRuns (" + budget.maxRuns()
                    + "); give at most " + budget.maxRuns());
            return null;
        }
        return method == null ? null : new InitialDesign(method, count, seed);
    }

    private boolean adaptiveOnly(String name, Object value) {
        if (value == null) {
            return true;
        }
        problems.add(SECTION + "." + name, "applies to the built-in sampler (kind: adaptive) only; an external "
                + "sampler chooses its points itself. Remove it, or use kind: adaptive");
        return false;
    }

    /** The constant named by {@code text} (any case), {@code fallback} when absent, null (a problem) when unknown. */
    private <E extends Enum<E>> E choice(String field, String text, Class<E> type, E fallback) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(SamplerSection::written)
                .collect(Collectors.joining(" | "));
        if (text == null) {
            if (fallback == null) {
                problems.add(field, "missing; give one of " + allowed);
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field, "'" + text + "' is not one of " + allowed);
            return null;
        }
    }

    private int problemCount() {
        return problems.size();
    }
}
