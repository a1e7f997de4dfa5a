package io.runfleet.examples.plugin;

import io.runfleet.plugin.PluginException;
import io.runfleet.plugin.StepContext;
import io.runfleet.plugin.StepPlugin;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code mesh}: writes a one-dimensional mesh into the run directory, one point a line ({@code index x}), as a
 * pre step would. Options: {@code points} (how many; or the name of a run parameter holding it), {@code file}
 * ({@code mesh.txt} by default). Stops early when the run is cancelled.
 */
public class MeshStep implements StepPlugin {

    @Override
    public String name() {
        return "mesh";
    }

    @Override
    public void run(StepContext context) throws PluginException {
        int points = points(context);
        String file = String.valueOf(context.options().getOrDefault("file", "mesh.txt"));
        try (BufferedWriter out = Files.newBufferedWriter(context.runDir().resolve(file), StandardCharsets.UTF_8)) {
            for (int i = 0; i < points; i++) {
                if (i % 1024 == 0 && context.cancelled()) {
                    throw new PluginException("cancelled after " + i + " of " + points + " points");
                }
                double x = points == 1 ? 0 : (double) i / (points - 1);
                out.write(String.format(Locale.ROOT, "%d %.6f%n", i, x));
            }
        } catch (IOException e) {
            throw new PluginException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int points(StepContext context) throws PluginException {
        Object option = context.options().get("points");
        if (option == null) {
            throw new PluginException("option points is missing; give a number of points or a parameter's name");
        }
        Object value = option instanceof String name && context.params().containsKey(name)
                ? context.params().get(name) : option;
        try {
            int points = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
            if (points < 1) {
                throw new PluginException("points is " + points + "; it must be at least 1");
            }
            return points;
        } catch (NumberFormatException e) {
            throw new PluginException("points is '" + value + "', not a whole number");
        }
    }
}
