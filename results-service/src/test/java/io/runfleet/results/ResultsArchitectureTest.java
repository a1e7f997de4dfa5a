package io.runfleet.results;

import io.runfleet.wire.testing.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/** This service uses no class of another: it talks to them over the wire and REST only. */
class ResultsArchitectureTest {

    @Test
    void usesNoOtherService() {
        ServiceBoundaries.onlyOwnServicePackages("io.runfleet.results")
                .check(ServiceBoundaries.mainClassesOf("io.runfleet.results"));
    }
}
