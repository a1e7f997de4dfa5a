package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pools end to end over ZeroMQ: the runs of a study with a {@code launch} section go only to agents of its pool
 * ({@code runfleet.agent.pool=study-<id>}), those agents take no other study's runs, and while the pool has no agent
 * its runs wait without holding back a study without a pool. Which agent ran a run is read from its result.
 */
class PoolRoutingIT {

    private static final String POOL_AGENT = "pool-agent";

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2);

    @Test
    void aLaunchedStudysRunsGoOnlyToItsPoolsAgentWhichTakesNoOtherRuns() {
        String launched = submit("it-launched", 6, "launch: {local: {agents: 1, slots: 1}}");
        String before = submit("it-plain-before", 6, "");

        // the pool has no agent yet: the study without one completes beside it, and no run of the pool was taken
        SYSTEM.scheduler().awaitState(before, "COMPLETED");
        JsonNode waiting = SYSTEM.scheduler().study(launched);
        assertThat(waiting.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(waiting.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", waiting).isZero();
        assertThat(waiting.path("counts").path("RUNNING").asInt()).as("counts of %s", waiting).isZero();
        assertThat(SYSTEM.results().rows(launched)).isEmpty();

        SYSTEM.startAnotherAgent(2, Map.of("runfleet.agent.pool", "study-" + launched,
                "runfleet.agent.id", POOL_AGENT));
        // submitted while the pool's agent has free slots: were pools not kept apart, it would take some of these
        String after = submit("it-plain-after", 12, "");

        SYSTEM.scheduler().awaitState(launched, "COMPLETED");
        SYSTEM.scheduler().awaitState(after, "COMPLETED");
        assertThat(agentsOf(launched)).hasSize(6).containsOnly(POOL_AGENT);
        assertThat(agentsOf(before)).hasSize(6).doesNotContain(POOL_AGENT);
        assertThat(agentsOf(after)).hasSize(12).doesNotContain(POOL_AGENT);
    }

    private static List<String> agentsOf(String studyId) {
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        rows.forEach(row -> assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED"));
        return rows.stream().map(row -> row.path("_agent").asText()).toList();
    }

    /** A study of {@code runs} short runs, with {@code extra} as a top-level section (or nothing). */
    private static String submit(String name, int runs, String extra) {
        return SYSTEM.scheduler().submitValidYaml("""
                name: %s
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, 'sleep 0.2; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  timeout: 30s
                  keep: none
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 4, retries: 0}
                %s
                """.formatted(name, IntStream.range(0, runs).boxed().toList(), extra));
    }
}
