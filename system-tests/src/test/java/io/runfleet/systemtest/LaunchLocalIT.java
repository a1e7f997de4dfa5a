package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Studies with {@code launch: {local: ...}} on a scheduler with no agent connected: the scheduler starts their agents
 * as local processes, replaces one killed mid-study up to the limit and says why it stops, adopts them after its own
 * restart, and leaves none running once a study ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaunchLocalIT {

    /** One replacement per study: the second death of an agent of one study ends the replacing. */
    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents()
            .withSchedulerSetting("runfleet.launch.agent-app", ItPaths.serviceJar("worker-agent").getParent().toString())
            .withSchedulerSetting("runfleet.launch.max-replacements", "1")
            .withSchedulerSetting("runfleet.launch.reconcile-interval", "500ms")
            .withSchedulerSetting("runfleet.launch.stop-grace", "10s");

    private static final Duration AGENTS_TIMEOUT = Duration.ofSeconds(90);

    @Test
    @Order(1)
    void aStudyRunsOnTheAgentsTheSchedulerStartsForItAndNoneIsLeftAfterwards() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("launched", 6, 1, "{local: {agents: 2, slots: 1}}"));

        Map<String, Long> agents = awaitAgents(studyId, 2);
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(6);
        assertThat(study.path("launch").path("kind").asText()).as("launch of %s", study).isEqualTo("local");
        assertThat(study.path("launch").path("agentsWanted").asInt()).isEqualTo(2);
        assertThat(SYSTEM.scheduler().runs(studyId)).extracting(run -> run.path("agentId").asText())
                .as("every run on an agent the scheduler started").allMatch(agents::containsKey);
        assertThat(SYSTEM.results().rows(studyId)).hasSize(6);
        awaitGone(agents);
        await("pid files of the study's agents removed").atMost(AGENTS_TIMEOUT)
                .until(() -> pidFiles(studyId).isEmpty());
    }

    @Test
    @Order(2)
    void anAgentKilledMidStudyIsReplaced() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("replaced", 4, 3, "{local: {agents: 1, slots: 1}}"));
        Map<String, Long> first = awaitAgents(studyId, 1);
        SYSTEM.scheduler().awaitRuns(studyId, "RUNNING", 1);

        kill(first);

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(4);
        assertThat(study.path("launch").path("died").asInt()).as("launch of %s", study).isEqualTo(1);
        assertThat(study.path("launch").path("replaced").asInt()).as("launch of %s", study).isEqualTo(1);
        assertThat(study.path("launch").path("lastError").asText()).contains(first.keySet().iterator().next())
                .contains("exited with 137");
        assertThat(SYSTEM.scheduler().runs(studyId)).extracting(run -> run.path("agentId").asText())
                .as("runs after the kill went to the replacement").anyMatch(id -> !first.containsKey(id));
    }

    @Test
    @Order(3)
    void pastTheReplacementLimitTheStudySaysWhyNoAgentIsStarted() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("limited", 4, 30, "{local: {agents: 1, slots: 1}}"));
        Map<String, Long> first = awaitAgents(studyId, 1);
        kill(first);
        Map<String, Long> second = awaitAgentsOtherThan(studyId, first.keySet());
        kill(second);

        await("the scheduler gives up replacing").atMost(AGENTS_TIMEOUT).untilAsserted(() -> {
            JsonNode launch = SYSTEM.scheduler().study(studyId).path("launch");
            assertThat(launch.path("stoppedReplacing").asText()).as("launch %s", launch)
                    .contains("runfleet.launch.max-replacements").contains("2 agents of study " + studyId);
        });
        assertThat(SYSTEM.schedulerProcess().logLines()).as("the scheduler logs why")
                .anyMatch(line -> line.contains("no more are started") && line.contains(studyId));
        assertThat(pidFiles(studyId)).as("no third agent").isEmpty();

        // Cancelled and resumed (the cause fixed), the study gets its agents again, with the whole limit.
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/resume").expect(200);
        Set<String> dead = new java.util.HashSet<>(first.keySet());
        dead.addAll(second.keySet());
        Map<String, Long> third = awaitAgentsOtherThan(studyId, dead);
        await("replacing again").atMost(AGENTS_TIMEOUT).untilAsserted(() -> assertThat(
                SYSTEM.scheduler().study(studyId).path("launch").path("stoppedReplacing").isNull()).isTrue());
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
        awaitGone(third);
    }

    @Test
    @Order(4)
    void aRestartedSchedulerAdoptsTheRunningAgentsAndStartsNoMore() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("adopted", 10, 2, "{local: {agents: 2, slots: 1}}"));
        Map<String, Long> agents = awaitAgents(studyId, 2);
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 2);

        SYSTEM.killScheduler();
        SYSTEM.startSchedulerAgain();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(10);
        assertThat(SYSTEM.schedulerProcess().logLines()).as("the new scheduler adopted both agents")
                .anyMatch(line -> line.contains("adopted 2 running agents"));
        assertThat(SYSTEM.scheduler().runs(studyId)).extracting(run -> run.path("agentId").asText())
                .as("no agent started after the restart").allMatch(agents::containsKey);
        awaitGone(agents);
    }

    /** Leaves no agent behind whatever a test did: the scheduler that started them is gone by now or soon. */
    @AfterAll
    static void killLeftOverAgents() {
        readPidFiles().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static String study(String name, int runs, int seconds, String launch) {
        return """
                name: it-launch-%s
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, 'sleep %d; printf "{\\"i\\": %%d}" {{ i }} > result.json']
                  timeout: 120s
                outputs:
                  - {json: result.json}
                policy: {retries: 0, crashLimit: 5}
                launch: %s
                """.formatted(name, Stream.iterate(0, i -> i + 1).limit(runs).map(String::valueOf)
                .collect(Collectors.joining(", ")), seconds, launch);
    }

    /** Waits for {@code count} running agents of the study; answers their pids by agent id. */
    private static Map<String, Long> awaitAgents(String studyId, int count) {
        await(count + " agents of study " + studyId).atMost(AGENTS_TIMEOUT).until(() -> running(studyId).size() >= count);
        Map<String, Long> agents = running(studyId);
        assertThat(agents).as("agents of %s", studyId).hasSize(count);
        return agents;
    }

    private static Map<String, Long> awaitAgentsOtherThan(String studyId, Set<String> before) {
        await("a new agent of study " + studyId).atMost(AGENTS_TIMEOUT).until(() -> running(studyId).keySet().stream()
                .anyMatch(id -> !before.contains(id)));
        Map<String, Long> agents = new HashMap<>(running(studyId));
        agents.keySet().removeAll(before);
        return agents;
    }

    private static Map<String, Long> running(String studyId) {
        Map<String, Long> running = new HashMap<>(pidFiles(studyId));
        running.values().removeIf(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        return running;
    }

    private static void kill(Map<String, Long> agents) {
        agents.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        await("killed agents gone").atMost(Duration.ofSeconds(30)).until(() -> agents.values().stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    private static void awaitGone(Map<String, Long> agents) {
        await("agents " + agents.keySet() + " exited").atMost(AGENTS_TIMEOUT).until(() -> agents.values().stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    /** The study's agents by id, with their pids, as the scheduler's pid files say. */
    private static Map<String, Long> pidFiles(String studyId) {
        Map<String, Long> agents = new HashMap<>();
        readPidFiles().forEach((agent, pid) -> {
            if (agent.startsWith(studyId + "-")) {
                agents.put(agent, pid);
            }
        });
        return agents;
    }

    private static Map<String, Long> readPidFiles() {
        Path dir = SYSTEM.dataDir().resolve("launch").resolve("local");
        Map<String, Long> agents = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return agents;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                } catch (IOException e) {
                    continue; // removed while listed: its agent ended
                }
                agents.put(properties.getProperty("agent"), Long.parseLong(properties.getProperty("pid")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return agents;
    }
}
