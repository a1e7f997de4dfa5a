package io.runfleet.cli.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM that runs a Runfleet jar with the same Java as this one. */
public final class JavaCommand {

    private final List<String> jvmOptions = new ArrayList<>();
    private final Path jar;

    public JavaCommand(Path jar, List<String> options) {
        this.jar = jar;
        jvmOptions.addAll(options);
    }

    public JavaCommand option(String option) {
        jvmOptions.add(option);
        return this;
    }

    public JavaCommand property(String key, Object value) {
        jvmOptions.add("-D" + key + "=" + value);
        return this;
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
