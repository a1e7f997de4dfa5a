package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

/**
 * The study the infrastructure fault scenarios run: {@code runs} runs of {@code i}, each appending to an
 * {@link ExecutionLog}, sleeping {@code seconds} (so that runs are in flight when the fault strikes) and writing
 * {@code {"value": 7 * i + 3}}, which {@link #checkOutputs} expects in every SUCCEEDED row.
 */
record FaultStudy(String name, int runs, String seconds, int maxParallel) {

    /** Submits the study; answers its id. */
    String submit(SystemUnderTest system, ExecutionLog executions) {
        return system.scheduler().submitValidYaml("""
                name: %s
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, '%s; sleep %s; printf "{\\"value\\": %%d}" $((7 * {{ i }} + 3)) > result.json']
                  environment: {%s}
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: %d, retries: 0, crashLimit: 5}
                """.formatted(name, IntStream.range(0, runs).boxed().toList(), ExecutionLog.appendCommand(), seconds,
                executions.environment(), maxParallel));
    }

    /** The invariant check of {@code scenario} for this study, its executions counted and its outputs checked. */
    FaultInvariants invariants(String scenario, SystemUnderTest system, ExecutionLog executions) {
        return FaultInvariants.of(scenario, system).executions(executions).outputs(row ->
                assertThat(row.path("value").asLong()).as("output of %s", row).isEqualTo(7 * row.path("i").asLong() + 3));
    }
}
