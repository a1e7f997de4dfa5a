package io.runfleet.agent.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When this agent's allocation ends, and whether a run fits before it. A run fits when its timeout plus the margin
 * ends no later than the deadline. A run without a timeout may last any time: it is taken only while more than the
 * margin is left, as nothing better is known (give runs in allocations a timeout).
 */
public record AgentDeadline(Instant at, Duration margin) {

    public static final String KEY = "runfleet.agent.deadline";

    /**
     * @param text an ISO-8601 instant ({@code 2026-12-06T18:00:00Z}) or epoch seconds; blank or absent means none
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public static Optional<AgentDeadline> of(Optional<String> text, Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("runfleet.agent.deadline-margin is " + margin
                    + "; it must be zero or more");
        }
        return text.map(String::strip).filter(value -> !value.isEmpty())
                .map(value -> new AgentDeadline(parse(value), margin));
    }

    static Instant parse(String value) {
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(value));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                // too large: reported below with the accepted forms
            }
        } else {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException(KEY + " (env RUNFLEET_AGENT_DEADLINE) is '" + value + "'; give an ISO-8601"
                + " instant such as 2026-12-06T18:00:00Z or epoch seconds such as 1796580000 (date -d +2hours +%s)");
    }

    /** Time left before the deadline at {@code now}; negative once it passed. */
    public Duration left(Instant now) {
        return Duration.between(now, at);
    }

    /** Whether a run with this timeout (0: none) can end, with the margin, before the deadline. */
    public boolean fits(long timeoutMillis, Instant now) {
        Duration needed = margin.plusMillis(timeoutMillis);
        Duration left = left(now);
        return timeoutMillis > 0 ? needed.compareTo(left) <= 0 : left.compareTo(margin) > 0;
    }
}
