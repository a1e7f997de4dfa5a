package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pools end to end: the runs of a study with a {@code launch} section go only to agents of its pool
 * ({@code runfleet.agent.pool=study-<id>}), those agents take no other study's runs, and while the pool has no agent
 * its runs wait without holding back a study without a pool. Which agent ran a run is read from its result. The
 * assertions are the same for every transport; a subclass per transport registers the system (one agent without a
 * pool, of 2 slots).
 */
abstract class PoolRouting {

    private static final String POOL_AGENT = "pool-agent";
    /** A worker agent application directory that holds no agent: the scheduler's own launches fail, by design here. */
    static final String NO_AGENT_APP = "/nonexistent/runfleet-worker-agent";

    /** The subclass's {@code @RegisterExtension} system. */
    abstract SystemUnderTest system();

    @Test
    void aLaunchedStudysRunsGoOnlyToItsPoolsAgentWhichTakesNoOtherRuns() {
        String launched = submit("it-launched", 6, "launch: {local: {agents: 1, slots: 1}}");
        String before = submit("it-plain-before", 6, "");

        // the pool has no agent yet: the study without one completes beside it, and no run of the pool was taken
        system().scheduler().awaitState(before, "COMPLETED");
        JsonNode waiting = system().scheduler().study(launched);
        assertThat(waiting.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(waiting.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", waiting).isZero();
        assertThat(waiting.path("counts").path("RUNNING").asInt()).as("counts of %s", waiting).isZero();
        assertThat(system().results().rows(launched)).isEmpty();

        system().startAnotherAgent(2, Map.of("runfleet.agent.pool", "study-" + launched,
                "runfleet.agent.id", POOL_AGENT));
        // submitted while the pool's agent has free slots: were pools not kept apart, it would take some of these
        String after = submit("it-plain-after", 12, "");

        system().scheduler().awaitState(launched, "COMPLETED");
        system().scheduler().awaitState(after, "COMPLETED");
        assertThat(agentsOf(launched)).hasSize(6).containsOnly(POOL_AGENT);
        assertThat(agentsOf(before)).hasSize(6).doesNotContain(POOL_AGENT);
        assertThat(agentsOf(after)).hasSize(12).doesNotContain(POOL_AGENT);
    }

    private List<String> agentsOf(String studyId) {
        List<JsonNode> rows = system().results().rows(studyId);
        rows.forEach(row -> assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED"));
        return rows.stream().map(row -> row.path("_agent").asText()).toList();
    }

    /** A study of {@code runs} short runs, with {@code extra} as a top-level section (or nothing). */
    private String submit(String name, int runs, String extra) {
        return system().scheduler().submitValidYaml("""
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
