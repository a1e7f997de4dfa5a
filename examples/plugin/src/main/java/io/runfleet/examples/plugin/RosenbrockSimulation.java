package io.runfleet.examples.plugin;

import io.runfleet.plugin.PluginException;
import io.runfleet.plugin.Simulation;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code rosenbrock}: the Rosenbrock function of the run's parameters {@code x} and {@code y}, computed in the
 * agent's JVM. Outputs {@code f}, and {@code converged} when f is below 1e-6.
 */
public class RosenbrockSimulation implements Simulation {

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public Map<String, Object> simulate(Map<String, Object> params, Path runDir) throws PluginException {
        double x = number(params, "x");
        double y = number(params, "y");
        double f = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        return Map.of("f", f, "converged", f < 1e-6);
    }

    private static double number(Map<String, Object> params, String name) throws PluginException {
        Object value = params.get(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new PluginException("parameter " + name + " is " + (value == null ? "missing" : "'" + value + "'")
                + "; rosenbrock needs numbers x and y");
    }
}
