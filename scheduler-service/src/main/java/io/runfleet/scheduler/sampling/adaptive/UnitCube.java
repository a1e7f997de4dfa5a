package io.runfleet.scheduler.sampling.adaptive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps points between variable units (name -> value) and the unit cube the model works in, in variable order. */
final class UnitCube {

    private final List<Variable> variables;

    UnitCube(List<Variable> variables) {
        this.variables = List.copyOf(variables);
    }

    int dimensions() {
        return variables.size();
    }

    double[] toUnit(Map<String, Double> point) {
        double[] unit = new double[variables.size()];
        for (int d = 0; d < unit.length; d++) {
            Variable variable = variables.get(d);
            Double value = point.get(variable.name());
            if (value == null) {
                throw new IllegalArgumentException("point " + point + " has no value for variable '"
                        + variable.name() + "'");
            }
            unit[d] = variable.toUnit(value);
        }
        return unit;
    }

    Map<String, Double> fromUnit(double[] unit) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (int d = 0; d < unit.length; d++) {
            point.put(variables.get(d).name(), variables.get(d).fromUnit(unit[d]));
        }
        return point;
    }

    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(sum);
    }

    /** Whether some point of {@code others} lies within {@code radius} of {@code point}. */
    static boolean near(double[] point, List<double[]> others, double radius) {
        for (double[] other : others) {
            if (distance(point, other) < radius) {
                return true;
            }
        }
        return false;
    }
}
