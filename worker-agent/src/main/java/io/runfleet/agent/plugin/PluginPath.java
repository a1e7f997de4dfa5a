package io.runfleet.agent.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars of {@code runfleet.agent.plugin-path}: each entry a jar file, or a directory whose {@code *.jar} files (not
 * its subdirectories) are taken in name order. A missing entry refuses the start: a typo would otherwise show only as
 * unknown plugins on every run.
 */
public record PluginPath(List<Path> entries, List<Path> jars) {

    public static final String KEY = "runfleet.agent.plugin-path";

    public PluginPath {
        entries = List.copyOf(entries);
        jars = List.copyOf(jars);
    }

    public static PluginPath none() {
        return new PluginPath(List.of(), List.of());
    }

    public static PluginPath of(List<Path> entries) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> listing = Files.list(entry)) {
                    listing.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                            .sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(KEY + ": cannot list " + entry + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(entry)) {
                jars.add(entry);
            } else {
                throw new IllegalArgumentException(KEY + " names " + entry
                        + ", which is neither a jar file nor a directory; give jar files or directories of jars");
            }
        }
        return new PluginPath(entries, jars);
    }

    URL[] urls() {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(KEY + ": " + jars.get(i) + " is not a file path", e);
            }
        }
        return urls;
    }

    /** How errors name the path: {@code runfleet.agent.plugin-path=a.jar,dir} or that it is unset. */
    public String describe() {
        if (entries.isEmpty()) {
            return KEY + " is unset";
        }
        return KEY + "=" + entries.stream().map(Path::toString).collect(Collectors.joining(","));
    }
}
