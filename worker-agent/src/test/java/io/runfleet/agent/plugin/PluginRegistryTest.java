package io.runfleet.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.plugin.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path dir;

    @Test
    void findsThePluginsOfEveryJarInADirectoryByName() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.standardJar(plugins);
        Files.writeString(plugins.resolve("notes.txt"), "not a jar");

        PluginRegistry registry = PluginRegistry.load(PluginPath.of(List.of(plugins)));

        assertThat(registry.output("length")).isInstanceOf(TestPlugins.Length.class);
        assertThat(registry.runnable("greet")).isInstanceOf(TestPlugins.Greet.class);
        assertThat(registry.runnable("square")).isInstanceOf(TestPlugins.Square.class);
        assertThat(registry.summary()).isEqualTo("output plugins [length], step plugins and simulations [greet, square]");
    }

    @Test
    void anUnknownNameNamesThePluginPathAndWhatItHolds() throws Exception {
        Path jar = TestPlugins.standardJar(dir);
        PluginRegistry registry = PluginRegistry.load(PluginPath.of(List.of(jar)));

        assertThatThrownBy(() -> registry.runnable("cube")).isInstanceOf(UnknownPluginException.class)
                .hasMessage("step plugin or simulation 'cube' is not on this agent's plugin path "
                        + "(runfleet.agent.plugin-path=" + jar + "; it holds greet, square)");
        assertThatThrownBy(() -> PluginRegistry.empty().output("length"))
                .hasMessage("output plugin 'length' is not on this agent's plugin path "
                        + "(runfleet.agent.plugin-path is unset; it holds none)");
    }

    @Test
    void twoPluginsOfOneNameRefuseTheStartNamingBothJars() throws IOException {
        Path first = TestPlugins.jar(dir.resolve("first.jar"), Map.of(Simulation.class,
                List.of(TestPlugins.Square.class)));
        Path second = TestPlugins.jar(dir.resolve("second.jar"), Map.of(Simulation.class,
                List.of(TestPlugins.OtherSquare.class)));

        assertThatThrownBy(() -> PluginRegistry.load(PluginPath.of(List.of(first, second))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two step plugins and simulations are named 'square'")
                .hasMessageContaining(TestPlugins.Square.class.getName() + " in " + first)
                .hasMessageContaining(TestPlugins.OtherSquare.class.getName() + " in " + second);
    }

    @Test
    void aMissingEntryOfThePathRefusesTheStart() {
        assertThatThrownBy(() -> PluginPath.of(List.of(dir.resolve("missing.jar"))))
                .hasMessage("runfleet.agent.plugin-path names " + dir.resolve("missing.jar")
                        + ", which is neither a jar file nor a directory; give jar files or directories of jars");
    }
}
