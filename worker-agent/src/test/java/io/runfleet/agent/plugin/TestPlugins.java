package io.runfleet.agent.plugin;

import io.runfleet.plugin.OutputPlugin;
import io.runfleet.plugin.PluginException;
import io.runfleet.plugin.Simulation;
import io.runfleet.plugin.StepContext;
import io.runfleet.plugin.StepPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Plugins for tests, and jars whose service files register them. */
public final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * {@code greet}: writes {@code greeting.txt} from its option {@code text} and the run's {@code x}, and the
     * variable {@code GREETING_SIGN} of its environment when it is set.
     */
    public static class Greet implements StepPlugin {
        @Override
        public String name() {
            return "greet";
        }

        @Override
        public void run(StepContext context) throws PluginException {
            try {
                String sign = context.environment().get("GREETING_SIGN");
                Files.writeString(context.runDir().resolve("greeting.txt"), context.options().get("text") + " "
                        + context.params().get("x") + (sign == null ? "" : " " + sign) + "\n");
            } catch (IOException e) {
                throw new PluginException("cannot write greeting.txt: " + e.getMessage());
            }
        }
    }

    /** {@code square}: {@code y = x * x}; fails for a negative x. */
    public static class Square implements Simulation {
        @Override
        public String name() {
            return "square";
        }

        @Override
        public Map<String, Object> simulate(Map<String, Object> params, Path runDir) throws PluginException {
            double x = ((Number) params.get("x")).doubleValue();
            if (x < 0) {
                throw new PluginException("x is negative");
            }
            return Map.of("y", x * x);
        }
    }

    /** Another simulation named {@code square}. */
    public static class OtherSquare extends Square {
    }

    /** {@code length}: the number of characters of its file, as output {@code length}. */
    public static class Length implements OutputPlugin {
        @Override
        public String name() {
            return "length";
        }

        @Override
        public Map<String, Object> parse(Path runDir, Map<String, Object> options) throws PluginException {
            try {
                return Map.of("length", Files.readString(runDir.resolve((String) options.get("file"))).length(),
                        "unit", options.getOrDefault("unit", "chars"));
            } catch (IOException e) {
                throw new PluginException("cannot read " + options.get("file"));
            }
        }
    }

    /** A jar holding only service files that register {@code providers} (their classes come from the tests). */
    public static Path jar(Path file, Map<Class<?>, List<Class<?>>> providers) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<Class<?>, List<Class<?>>> service : providers.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
                for (Class<?> provider : service.getValue()) {
                    out.write((provider.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return file;
    }

    /** One jar with {@code greet}, {@code square} and {@code length}. */
    public static Path standardJar(Path dir) throws IOException {
        return jar(dir.resolve("test-plugins.jar"), Map.of(StepPlugin.class, List.of(Greet.class),
                Simulation.class, List.of(Square.class), OutputPlugin.class, List.of(Length.class)));
    }
}
