package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The study the fault scenarios run: {@code i} over {@code 0..runs-1}; each execution appends its line to an
 * {@link ExecutionLog}, does what the scenario wants it to (a pause, say), then writes {@code {"echoed": i}}, so
 * that every output can be checked against the run's own parameter.
 */
final class EchoStudy {

    private EchoStudy() {
    }

    /**
     * Submits the study and answers its id.
     *
     * @param meanwhile shell text run between logging the execution and writing the result, e.g. {@code sleep 0.2}
     * @param policy    the study's policy, as YAML flow text, e.g. {@code {maxParallel: 8, retries: 0}}
     */
    static String submit(SystemUnderTest system, String name, int runs, ExecutionLog executions, String meanwhile,
            String policy) {
        return system.scheduler().submitValidYaml("""
                name: %s
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, '%s; %s; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  environment: {%s}
                  timeout: 60s
                  keep: none
                outputs:
                  - {json: result.json}
                policy: %s
                """.formatted(name, IntStream.range(0, runs).boxed().toList(), ExecutionLog.appendCommand(), meanwhile,
                executions.environment(), policy));
    }

    /** The check of one SUCCEEDED row for {@link FaultInvariants#outputs}: the output echoes the parameter. */
    static Consumer<JsonNode> echoesI() {
        return row -> assertThat(row.path("echoed").asLong()).as("output of %s", row).isEqualTo(row.path("i").asLong());
    }
}
