package io.runfleet.agent.rabbitmq;

import io.runfleet.wire.testing.IsolatedRabbitMqProfile;

/** This module's RabbitMQ test profile: exchanges and queues under {@code runfleet.test-agent.}. */
public class RabbitMqProfile extends IsolatedRabbitMqProfile {

    static final String PREFIX = prefixFor("agent");
    static final String SCHEDULER_EXCHANGE = PREFIX + "from-scheduler";
    static final String AGENT_EXCHANGE = PREFIX + "from-agents";
    static final String CONTROL_EXCHANGE = PREFIX + "control";
    static final String DEAD_LETTER_QUEUE = PREFIX + "dead-letter";
    static final String REQUESTS_QUEUE = PREFIX + "run-requests";

    public RabbitMqProfile() {
        super(PREFIX);
    }
}
