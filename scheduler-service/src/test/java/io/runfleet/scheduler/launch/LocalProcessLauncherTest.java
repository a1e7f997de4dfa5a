package io.runfleet.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runfleet.scheduler.study.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local agents as real processes (a stand-in jar that runs until stopped): their own session, secrets by path, pid
 * files that a restarted scheduler reads, the guard against a reused pid, and a stop that kills after the grace.
 */
class LocalProcessLauncherTest {

    private static final String SCHEDULER = "scheduler-test";

    @TempDir
    Path data;
    private LaunchPaths paths;
    private LocalProcessLauncher launcher;
    private final List<LaunchedAgent> started = new ArrayList<>();

    @BeforeEach
    void agentApp() throws IOException {
        Path app = data.resolve("agent-app");
        Files.createDirectories(app);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SleepingAgent.class.getName());
        String entry = SleepingAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(app.resolve("quarkus-run.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             InputStream bytes = SleepingAgent.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
        paths = new LaunchPaths(data, SCHEDULER, Optional.of(app));
        launcher = new LocalProcessLauncher(paths);
    }

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(agent -> ProcessHandle.of(Long.parseLong(agent.handle()))
                .ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void anAgentRunsInASessionOfItsOwnWithSecretsGivenByPathAndLogsUnderTheDataDirectory() throws Exception {
        Path secret = data.resolve("secret.key");
        Files.writeString(secret, "secret-key=do-not-show");

        LaunchedAgent agent = start("study1-a", Map.of("runfleet.security.curve.key-file", secret), Duration.ZERO);

        ProcessHandle process = ProcessHandle.of(Long.parseLong(agent.handle())).orElseThrow();
        assertThat(process.isAlive()).isTrue();
        assertThat(session(process.pid())).as("session of the agent").isNotEqualTo(session(ProcessHandle.current().pid()));
        String commandLine = String.join(" ", process.info().arguments().orElseThrow());
        assertThat(commandLine).contains("-Drunfleet.agent.id=study1-a", "-Drunfleet.agent.pool=study-study1",
                "-Drunfleet.security.curve.key-file=" + secret).doesNotContain("do-not-show");
        Path log = data.resolve("logs/agents/study1-a.log");
        await("the agent's ready line in " + log).atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(log) && Files.readString(log).contains("agent study1-a ready"));
    }

    @Test
    void aRestartedSchedulerFindsItsAgentsByPidFileAndStopsThem() throws Exception {
        LaunchedAgent agent = start("study1-b", Map.of(), Duration.ZERO);

        LocalProcessLauncher afterRestart = new LocalProcessLauncher(paths);
        assertThat(afterRestart.find(SCHEDULER)).singleElement().satisfies(found -> {
            assertThat(found.agentId()).isEqualTo("study1-b");
            assertThat(found.studyId()).isEqualTo("study1");
            assertThat(found.handle()).isEqualTo(agent.handle());
            assertThat(found.running()).isTrue();
        });
        assertThat(afterRestart.find("another-scheduler")).isEmpty();

        afterRestart.stop(agent, Duration.ofSeconds(30));

        assertThat(ProcessHandle.of(Long.parseLong(agent.handle())).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(afterRestart.find(SCHEDULER)).as("the pid file is removed").isEmpty();
    }

    @Test
    void aProcessThatGotTheAgentsPidLaterIsNotTakenForTheAgent() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        new PidFile(SCHEDULER, "study2", "study2-a", self.pid(),
                self.info().startInstant().orElseThrow().minus(Duration.ofHours(1)))
                .write(PidFile.of(paths.pidDir(), "study2-a"));

        assertThat(launcher.find(SCHEDULER)).singleElement()
                .satisfies(found -> assertThat(found.running()).as("running").isFalse());
    }

    @Test
    void anAgentKilledWithSigkillIsFoundEndedWithItsExitCode() throws Exception {
        LaunchedAgent agent = start("study3-a", Map.of(), Duration.ZERO);

        ProcessHandle.of(Long.parseLong(agent.handle())).orElseThrow().destroyForcibly();

        await("the killed agent seen ended").atMost(Duration.ofSeconds(30))
                .until(() -> !launcher.find(SCHEDULER).get(0).running());
        assertThat(launcher.find(SCHEDULER).get(0).exitCode()).contains(137);
    }

    @Test
    void anAgentThatDoesNotStopWithinTheGraceIsKilled() throws Exception {
        LaunchedAgent agent = start("study4-a", Map.of(), Duration.ofMinutes(10));
        Path log = data.resolve("logs/agents/study4-a.log");
        await("agent ready").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(log) && Files.readString(log).contains("ready"));

        launcher.stop(agent, Duration.ofSeconds(1));

        assertThat(ProcessHandle.of(Long.parseLong(agent.handle())).map(ProcessHandle::isAlive).orElse(false))
                .as("agent after stop").isFalse();
    }

    private LaunchedAgent start(String agentId, Map<String, Path> secrets, Duration drain) throws LaunchException {
        String studyId = agentId.substring(0, agentId.indexOf('-'));
        AgentLaunch launch = new AgentLaunch(SCHEDULER, studyId, agentId, new Launch.Local(1, 1),
                paths.agentApp(), Map.of("runfleet.agent.id", agentId, "runfleet.agent.pool", Launch.poolOf(studyId),
                "test.ignore-sigterm-ms", Long.toString(drain.toMillis())), secrets, paths.workDir(agentId));
        LaunchedAgent agent = launcher.start(launch);
        started.add(agent);
        assertThat(Files.exists(PidFile.of(paths.pidDir(), agentId))).as("pid file of " + agentId).isTrue();
        return agent;
    }

    /** The session id, field 6 of /proc/PID/stat (after the command name in parentheses). */
    private static String session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }
}
