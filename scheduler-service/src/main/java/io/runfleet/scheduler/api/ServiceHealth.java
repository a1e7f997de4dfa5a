package io.runfleet.scheduler.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.wire.health.DatabaseProbe;
import io.runfleet.wire.health.HealthCheck;
import io.runfleet.wire.rabbitmq.BrokerHealth;
import io.runfleet.wire.zeromq.SocketFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What the health routes report. Liveness: the scheduler loop and the ZeroMQ socket threads are running; a thread
 * that died does not come back, so the process should be restarted. Readiness: the database answers and, with the
 * RabbitMQ transport, the broker connection is up; while either is away nothing can be stored or sent, but the
 * process recovers by itself once it is back (no restart).
 */
@ApplicationScoped
public class ServiceHealth {

    private final SchedulerLoop loop;
    private final AgroalDataSource dataSource;
    private final BrokerHealth broker;

    public ServiceHealth(SchedulerLoop loop, AgroalDataSource dataSource, BrokerHealth broker) {
        this.loop = loop;
        this.dataSource = dataSource;
        this.broker = broker;
    }

    public List<HealthCheck> liveness() {
        return List.of(HealthCheck.of("scheduler loop", loop.problem()), SocketFailures.check());
    }

    public List<HealthCheck> readiness() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(DatabaseProbe.check(dataSource));
        broker.check().ifPresent(checks::add);
        return checks;
    }
}
