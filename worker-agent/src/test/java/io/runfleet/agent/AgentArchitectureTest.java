package io.runfleet.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import io.runfleet.wire.testing.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/**
 * This service uses no class of another: it talks to them over the wire and REST only. Inside it, the packages form
 * layers without cycles: {@code execution} (a run's steps) uses {@code worker} (persistent workers), and both use
 * {@code process} (process trees, how a process died) and {@code outcome} (what a run came to), which use neither.
 */
class AgentArchitectureTest {

    @Test
    void usesNoOtherService() {
        ServiceBoundaries.onlyOwnServicePackages("io.runfleet.agent")
                .check(ServiceBoundaries.mainClassesOf("io.runfleet.agent"));
    }

    @Test
    void itsPackagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.runfleet.agent.(*)..").should().beFreeOfCycles()
                .check(ServiceBoundaries.mainClassesOf("io.runfleet.agent"));
    }
}
