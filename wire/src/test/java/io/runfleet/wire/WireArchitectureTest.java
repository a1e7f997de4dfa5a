package io.runfleet.wire;

import io.runfleet.wire.testing.ServiceBoundaries;
import org.junit.jupiter.api.Test;

/** The wire module is what the services share: it knows none of them. */
class WireArchitectureTest {

    @Test
    void knowsNoService() {
        // Every service depends on this module, so a dependency back would tie them all together.
        ServiceBoundaries.onlyOwnServicePackages("io.runfleet.wire")
                .check(ServiceBoundaries.mainClassesOf("io.runfleet.wire"));
    }
}
