package io.runfleet.systemtest;

/**
 * The study the infrastructure fault scenarios run: an {@link EchoStudy} of {@code runs} runs of {@code i}, each
 * sleeping {@code seconds} (so that runs are in flight when the fault strikes), {@code maxParallel} at a time.
 */
record FaultStudy(String name, int runs, String seconds, int maxParallel) {

    /** Submits the study; answers its id. */
    String submit(SystemUnderTest system, ExecutionLog executions) {
        return EchoStudy.submit(system, name, runs, executions, "sleep " + seconds,
                "{maxParallel: %d, retries: 0, crashLimit: 5}".formatted(maxParallel));
    }

    /** The invariant check of {@code scenario} for this study, its executions counted and its outputs checked. */
    FaultInvariants invariants(String scenario, SystemUnderTest system, ExecutionLog executions) {
        return FaultInvariants.of(scenario, system).executions(executions).outputs(EchoStudy.echoesI());
    }
}
