package io.runfleet.wire.rabbitmq;

import io.runfleet.wire.RunCompleted;
import java.util.Locale;

/**
 * The topic routing key of a run event: {@code study.<studyId>.run.<outcome>}, outcome in lower case
 * (for example {@code study.s-42.run.succeeded}). Subscribers bind {@code study.s-42.#} for one study or
 * {@code study.*.run.failed} for all failures. A study's {@code study.stopped} event has
 * {@code study.<studyId>.stopped}. A dot inside a study id would add a word to the key, so
 * dots (and the wildcards {@code *} and {@code #}) become {@code _}.
 */
public final class EventRoutingKey {

    private EventRoutingKey() {
    }

    public static String of(RunCompleted event) {
        String outcome = event.outcome() == null ? "unknown" : event.outcome().name().toLowerCase(Locale.ROOT);
        return "study." + word(event.studyId()) + ".run." + outcome;
    }

    /** The key of a study's {@code study.stopped} event: {@code study.<studyId>.stopped}. */
    public static String ofStopped(String studyId) {
        return "study." + word(studyId) + ".stopped";
    }

    private static String word(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        return value.replace('.', '_').replace('*', '_').replace('#', '_');
    }
}
