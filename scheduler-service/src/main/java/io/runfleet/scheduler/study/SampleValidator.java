package io.runfleet.scheduler.study;

import io.runfleet.scheduler.sampling.ChoiceDimension;
import io.runfleet.scheduler.sampling.Dimension;
import io.runfleet.scheduler.sampling.IntegerDimension;
import io.runfleet.scheduler.sampling.NormalDimension;
import io.runfleet.scheduler.sampling.SampleDesign;
import io.runfleet.scheduler.sampling.SamplingMethod;
import io.runfleet.scheduler.sampling.SobolSampler;
import io.runfleet.scheduler.sampling.UniformDimension;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a {@code sample} (method, budget, batch, seed, dimensions and their bounds) and builds its points. */
final class SampleValidator {

    private static final String METHODS = "random, lhs, sobol or halton";
    private static final String KINDS = "{float: [lo, hi]}, {float: [lo, hi], log: true}, {int: [lo, hi]}, "
            + "{choice: [a, b, c]} or {normal: [mean, sd]}";

    private final Problems problems;
    private final ValueListReader values;
    private final long maxPoints;

    /**
     * @param maxPoints the study's run limit: a budget above it could never be run
     */
    SampleValidator(Problems problems, ValueListReader values, long maxPoints) {
        this.problems = problems;
        this.values = values;
        // Hipparchus numbers its sequences with an int.
        this.maxPoints = Math.min(maxPoints, Integer.MAX_VALUE);
    }

    Term validate(String field, SampleDocument sample) {
        SamplingMethod method = method(field + ".method", sample.method());
        long budget = budget(field + ".budget", sample.budget());
        int batch = batch(field + ".batch", sample.batch(), budget);
        if (method != null && method.needsSeed() && sample.seed() == null) {
            problems.add(field + ".seed", "missing; " + method.label() + " sampling draws from a seeded stream so "
                    + "that the study expands to the same points every time: add seed: 1 (any integer)");
        }
        Map<String, String> definedAt = new LinkedHashMap<>();
        Map<String, Dimension> dimensions = dimensions(field + ".dimensions", sample.dimensions(), method, definedAt);
        if (method == null || budget < 1 || batch < 1 || dimensions == null
                || (method.needsSeed() && sample.seed() == null)) {
            return Term.invalid(definedAt);
        }
        return new Term(new SampleSpace(new SampleDesign(method, dimensions, budget, batch, sample.seed())), definedAt);
    }

    private SamplingMethod method(String field, String method) {
        if (method == null) {
            problems.add(field, "missing; give method: " + METHODS);
            return null;
        }
        return SamplingMethod.byLabel(method).orElseGet(() -> {
            problems.add(field, "'" + method + "' is not a sampling method; give " + METHODS);
            return null;
        });
    }

    private long budget(String field, Long budget) {
        if (budget == null) {
            problems.add(field, "missing; give how many points to sample, as in budget: 100");
            return 0;
        }
        if (budget < 1) {
            problems.add(field, budget + " is too small; give 1 or more points");
            return 0;
        }
        if (budget > maxPoints) {
            problems.add(field, budget + " points are more than the limit of " + maxPoints + " runs per study "
                    + "(runfleet.scheduler.max-runs-per-study); give a smaller budget or split the study");
            return 0;
        }
        return budget;
    }

    private int batch(String field, Long batch, long budget) {
        if (batch == null) {
            return (int) budget;
        }
        if (batch < 1) {
            problems.add(field, batch + " is too small; give 1 or more points per batch, or leave batch out for "
                    + "one batch of the whole budget");
            return 0;
        }
        if (budget >= 1 && batch > budget) {
            problems.add(field, batch + " is larger than the budget " + budget + "; give at most the budget, or "
                    + "leave batch out for one batch of the whole budget");
            return 0;
        }
        return batch.intValue();
    }

    private Map<String, Dimension> dimensions(String field, Map<String, DimensionDocument> written,
                                              SamplingMethod method, Map<String, String> definedAt) {
        if (written == null || written.isEmpty()) {
            problems.add(field, "no dimensions; give at least one parameter and its range, as in "
                    + "dimensions: {x: {float: [0, 1]}}");
            return null;
        }
        if (method == SamplingMethod.SOBOL && written.size() > SobolSampler.MAX_DIMENSIONS) {
            problems.add(field, written.size() + " dimensions are more than the " + SobolSampler.MAX_DIMENSIONS
                    + " the Sobol direction numbers cover; use fewer dimensions or method halton");
            return null;
        }
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        for (Map.Entry<String, DimensionDocument> entry : written.entrySet()) {
            String dimensionField = field + "." + entry.getKey();
            ParameterValues.checkName(problems, dimensionField, entry.getKey());
            definedAt.put(entry.getKey(), dimensionField);
            Dimension dimension = dimension(dimensionField, entry.getKey(), entry.getValue(), method);
            if (dimension != null) {
                dimensions.put(entry.getKey(), dimension);
            }
        }
        return dimensions.size() == written.size() ? dimensions : null;
    }

    private Dimension dimension(String field, String name, DimensionDocument written, SamplingMethod method) {
        if (written == null) {
            problems.add(field, "no range; give one of " + KINDS);
            return null;
        }
        List<String> kinds = new ArrayList<>();
        if (written.floatRange() != null) {
            kinds.add("float");
        }
        if (written.intRange() != null) {
            kinds.add("int");
        }
        if (written.choice() != null) {
            kinds.add("choice");
        }
        if (written.normal() != null) {
            kinds.add("normal");
        }
        if (kinds.size() != 1) {
            problems.add(field, (kinds.isEmpty() ? "no range" : "both " + String.join(" and ", kinds))
                    + "; give exactly one of " + KINDS);
            return null;
        }
        boolean log = Boolean.TRUE.equals(written.log());
        if (log && written.floatRange() == null) {
            problems.add(field + ".log", "log applies to float dimensions only; remove it, or give "
                    + "{float: [lo, hi], log: true}");
            return null;
        }
        return switch (kinds.get(0)) {
            case "float" -> uniform(field, written.floatRange(), log);
            case "int" -> integer(field + ".int", written.intRange());
            case "choice" -> choice(field + ".choice", name, written.choice());
            default -> normal(field + ".normal", written.normal(), method);
        };
    }

    private Dimension uniform(String field, List<Object> bounds, boolean log) {
        String floatField = field + ".float";
        if (bounds.size() != 2 || !isFiniteNumber(bounds.get(0)) || !isFiniteNumber(bounds.get(1))) {
            problems.add(floatField, "give [lo, hi] with two numbers, as in float: [0.1, 2.5]");
            return null;
        }
        double low = ((Number) bounds.get(0)).doubleValue();
        double high = ((Number) bounds.get(1)).doubleValue();
        if (!(low < high)) {
            problems.add(floatField, "lo " + bounds.get(0) + " is not below hi " + bounds.get(1)
                    + "; give [lo, hi] with lo < hi (for one fixed value use constants)");
            return null;
        }
        if (log && !(low > 0)) {
            problems.add(field + ".log", "log needs lo > 0, but lo is " + bounds.get(0) + "; give a positive lower "
                    + "bound such as [0.001, " + bounds.get(1) + "], or drop log");
            return null;
        }
        return new UniformDimension(low, high, log);
    }

    private Dimension integer(String field, List<Object> bounds) {
        if (bounds.size() != 2 || !isInteger(bounds.get(0)) || !isInteger(bounds.get(1))) {
            problems.add(field, "give [lo, hi] with two integers, as in int: [1, 10] (both included)");
            return null;
        }
        long low = ((Number) bounds.get(0)).longValue();
        long high = ((Number) bounds.get(1)).longValue();
        if (low >= high) {
            problems.add(field, "lo " + low + " is not below hi " + high
                    + "; give [lo, hi] with lo < hi (for one fixed value use constants)");
            return null;
        }
        return new IntegerDimension(low, high);
    }

    private Dimension choice(String field, String name, Object written) {
        List<Object> choices = values.read(field, name, written);
        return choices == null ? null : new ChoiceDimension(choices);
    }

    private Dimension normal(String field, List<Object> parameters, SamplingMethod method) {
        if (parameters.size() != 2 || !isFiniteNumber(parameters.get(0)) || !isFiniteNumber(parameters.get(1))) {
            problems.add(field, "give [mean, sd] with two numbers, as in normal: [0, 1]");
            return null;
        }
        double sd = ((Number) parameters.get(1)).doubleValue();
        if (!(sd > 0)) {
            problems.add(field, "sd is " + parameters.get(1) + "; give a standard deviation > 0");
            return null;
        }
        if (method != null && !method.openUnitInterval()) {
            problems.add(field, "normal dimensions are for method random and lhs only: " + method.label()
                    + " starts at the origin, where the inverse normal CDF is infinite; use method lhs, or a range "
                    + "such as float: [mean - 3 sd, mean + 3 sd]");
            return null;
        }
        return new NormalDimension(((Number) parameters.get(0)).doubleValue(), sd);
    }

    private static boolean isFiniteNumber(Object value) {
        return value instanceof Number number && !(value instanceof BigInteger) && Double.isFinite(number.doubleValue());
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long;
    }
}
