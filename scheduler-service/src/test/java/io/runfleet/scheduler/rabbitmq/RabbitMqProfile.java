package io.runfleet.scheduler.rabbitmq;

import io.runfleet.wire.testing.IsolatedRabbitMqProfile;

/** This module's RabbitMQ test profile: exchanges and queues under {@code runfleet.test-scheduler.}. */
public class RabbitMqProfile extends IsolatedRabbitMqProfile {

    static final String PREFIX = prefixFor("scheduler");
    static final String WORK_EXCHANGE = PREFIX + "work";
    static final String DEAD_LETTER_QUEUE = PREFIX + "dead-letter";
    static final String REPORTS_QUEUE = PREFIX + "agent-reports";

    public RabbitMqProfile() {
        super(PREFIX);
    }
}
