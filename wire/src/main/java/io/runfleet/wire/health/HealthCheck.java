package io.runfleet.wire.health;

import java.util.Optional;

/**
 * One check of a service's health answer.
 *
 * @param name   what was checked
 * @param reason why it is DOWN; empty when UP
 */
public record HealthCheck(String name, Optional<String> reason) {

    public static HealthCheck of(String name, Optional<String> problem) {
        return new HealthCheck(name, problem);
    }

    public boolean up() {
        return reason.isEmpty();
    }
}
