package io.runfleet.systemtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs the class in the side lane: beside the main lane of the system tests, not in it. The classes of the side lane
 * spend most of their time waiting on Slurm (job starts, scheduling rounds, allocations ending), on the container
 * engine or out a fault they made (a partition, a lossy link, a crashed database of their own), little of it on the
 * CPU, so running them beside the rest shortens the suite by their time.
 *
 * <p>Both lanes run one class at a time: the lane's lock lets one side-lane class run at once (and keeps its test
 * methods in one thread), and every class without this annotation runs in the main lane, one after another, as
 * before ({@code junit.jupiter.execution.parallel.*} in system-tests/pom.xml). A side-lane class therefore must
 * not share anything with the main lane's classes beyond what every test class already keeps to itself (its own
 * database, ports, directories and RabbitMQ virtual host): never the host's RabbitMQ broker as a whole, which some
 * main-lane classes restart or reconfigure, and never a process or file by name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SideLane.LOCK)
@interface SideLane {

    /** The lane itself: one class of the side lane at a time. */
    String LOCK = "io.runfleet.systemtest.side-lane";
}
