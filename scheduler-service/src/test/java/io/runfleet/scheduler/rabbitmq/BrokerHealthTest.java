package io.runfleet.scheduler.rabbitmq;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.wire.testing.BrokerHealthContract;
import io.runfleet.wire.testing.BrokerProxy;

/** The scheduler's readiness follows the broker connection, its liveness does not ({@link BrokerHealthContract}). */
@QuarkusTest
@TestProfile(BrokerHealthTest.BrokerBehindProxy.class)
class BrokerHealthTest extends BrokerHealthContract {

    /** The module's RabbitMQ profile, with the broker behind {@link BrokerProxy}. */
    public static class BrokerBehindProxy extends RabbitMqProfile {
        public BrokerBehindProxy() {
            super(true);
        }
    }

    @Override
    protected String incomingChannel() {
        return "agent-reports";
    }
}
