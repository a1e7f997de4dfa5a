package io.runfleet.agent;

import io.runfleet.wire.testing.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/** This service uses no class of another: it talks to them over the wire and REST only. */
class AgentArchitectureTest {

    @Test
    void usesNoOtherService() {
        ServiceBoundaries.onlyOwnServicePackages("io.runfleet.agent")
                .check(ServiceBoundaries.mainClassesOf("io.runfleet.agent"));
    }
}
