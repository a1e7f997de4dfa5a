package io.runfleet.scheduler.study;

/**
 * A study's {@code launch} section as written: exactly one of {@code local} or {@code containers}
 * (docs/study-format.md, "Launch"). Numbers and sizes are read as text, so that a wrong one is reported with the
 * study's other problems instead of ending the read.
 */
public record LaunchDocument(Local local, Containers containers) {

    /** {@code local: {agents, slots}}. */
    public record Local(String agents, String slots) {
    }

    /** {@code containers: {image, agents, slots, cpus, memory, engine}}. */
    public record Containers(String image, String agents, String slots, String cpus, String memory, String engine) {
    }
}
