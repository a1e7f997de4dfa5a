package io.runfleet.results;

import io.runfleet.wire.testing.IsolatedRabbitMqProfile;

/** This module's RabbitMQ test profile: exchanges and queues under {@code runfleet.test-results.}. */
public class RabbitMqProfile extends IsolatedRabbitMqProfile {

    static final String PREFIX = prefixFor("results");
    static final String AGENT_EXCHANGE = PREFIX + "from-agents";
    static final String SCHEDULER_EXCHANGE = PREFIX + "from-scheduler";
    static final String DEAD_LETTER_QUEUE = PREFIX + "dead-letter";
    static final String EVENTS_EXCHANGE = PREFIX + "events";
    static final String RESULTS_EXCHANGE = PREFIX + "from-results";
    static final String RESULTS_QUEUE = PREFIX + "run-results";

    public RabbitMqProfile() {
        super(PREFIX);
    }

    /** @param brokerBehindProxy whether the application reaches the broker through {@code BrokerProxy} */
    protected RabbitMqProfile(boolean brokerBehindProxy) {
        super(PREFIX, brokerBehindProxy);
    }
}
