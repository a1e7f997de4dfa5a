package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/runfleet agent} leaves one process, the agent JVM, with the pid the caller started. Runs the real script
 * and the CLI's classes, in an installation whose agent jar is {@link FakeAgent}, and whose {@code java} runs the CLI
 * from this test's class path instead of {@code runfleet-cli.jar}.
 */
class AgentScriptHandoverTest {

    private static final Path SCRIPT = Path.of("..", "bin", "runfleet").toAbsolutePath().normalize();
    private static final String REAL_JAVA = JavaCommand.javaExecutable();

    @TempDir
    Path dir;
    private Path home;
    private Path javaHome;
    private Path tmp;

    @BeforeEach
    void installation() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("cli/target"));
        Files.createFile(home.resolve("cli/target/runfleet-cli.jar"));
        fakeAgentJar(Files.createDirectories(home.resolve("worker-agent/target/quarkus-app")).resolve("quarkus-run.jar"));
        javaHome = dir.resolve("jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = -version ]; then exec '" + REAL_JAVA + "' -version; fi",
                "while [ \"$#\" -gt 0 ] && [ \"$1\" != -jar ]; do shift; done",
                "shift 2",
                "exec '" + REAL_JAVA + "' -cp '" + System.getProperty("java.class.path") + "' io.runfleet.cli.Main \"$@\"",
                ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        tmp = Files.createDirectories(dir.resolve("tmp"));
    }

    @Test
    void theAgentJvmReplacesTheScriptAndGivesTheExitCode() throws Exception {
        Process runfleet = start("agent", "--connect", "tcp://localhost:1", "--slots", "1");
        BufferedReader out = new BufferedReader(new InputStreamReader(runfleet.getInputStream(), StandardCharsets.UTF_8));
        String[] started = out.readLine().split(" ");

        assertThat(Long.parseLong(started[0])).isEqualTo(runfleet.pid());
        assertThat(started[1]).isEqualTo("tcp://localhost:1");
        ProcessHandle agent = runfleet.toHandle();
        assertThat(agent.children()).isEmpty();
        assertThat(agent.info().commandLine().orElseThrow()).startsWith(REAL_JAVA)
                .contains("-XX:+UseSerialGC", "-jar " + home.resolve("worker-agent/target/quarkus-app/quarkus-run.jar"));
        assertThat(tmp).isEmptyDirectory();

        try (OutputStream in = runfleet.getOutputStream()) {
            in.write("3\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(runfleet.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runfleet.exitValue()).isEqualTo(3);
    }

    @Test
    void aRefusedOptionExitsWithTheCliErrorAndStartsNothing() throws Exception {
        Process runfleet = start("agent", "--connect", "login:5555", "--slots", "2");
        String errors = new String(runfleet.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(runfleet.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runfleet.exitValue()).isEqualTo(ExitCodes.USAGE);
        assertThat(errors).contains("--connect: 'login:5555' is not a ZeroMQ address");
        assertThat(tmp).isEmptyDirectory();
    }

    private Process start(String... arguments) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.command().addAll(List.of(arguments));
        Map<String, String> environment = builder.environment();
        environment.put("RUNFLEET_HOME", home.toString());
        environment.put("JAVA_HOME", javaHome.toString());
        environment.put("RUNFLEET_NO_BUILD", "1");
        environment.put("TMPDIR", tmp.toString());
        environment.remove(ExecHandover.VARIABLE);
        environment.remove("QUARKUS_PROFILE");
        return builder.start();
    }

    /** A jar that runs {@link FakeAgent} from this test's classes. */
    private static void fakeAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, FakeAgent.class.getName());
        attributes.put(Attributes.Name.CLASS_PATH,
                FakeAgent.class.getProtectionDomain().getCodeSource().getLocation().toString());
        try (JarOutputStream ignored = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is the whole jar
        }
    }
}
