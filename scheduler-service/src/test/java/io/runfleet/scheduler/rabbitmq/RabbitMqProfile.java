package io.runfleet.scheduler.rabbitmq;

import io.runfleet.wire.testing.IsolatedRabbitMqProfile;
import java.util.HashMap;
import java.util.Map;

/** This module's RabbitMQ test profile: exchanges and queues under {@code runfleet.test-scheduler.}. */
public class RabbitMqProfile extends IsolatedRabbitMqProfile {

    static final String PREFIX = prefixFor("scheduler");
    static final String SCHEDULER_EXCHANGE = PREFIX + "from-scheduler";
    static final String AGENT_EXCHANGE = PREFIX + "from-agents";
    static final String RESULTS_EXCHANGE = PREFIX + "from-results";
    static final String CONTROL_EXCHANGE = PREFIX + "control";
    static final String DEAD_LETTER_QUEUE = PREFIX + "dead-letter";
    static final String REPORTS_QUEUE = PREFIX + "agent-reports";

    public RabbitMqProfile() {
        super(PREFIX);
    }

    /** @param brokerBehindProxy whether the application reaches the broker through {@code BrokerProxy} */
    protected RabbitMqProfile(boolean brokerBehindProxy) {
        super(PREFIX, brokerBehindProxy);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        // the test plays an agent that sends no heartbeats: the test profile's 2 s lease could run out
        // between its claim and its completion on a busy machine
        overrides.put("runfleet.scheduler.lease-duration", "60s");
        return overrides;
    }
}
