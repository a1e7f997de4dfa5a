package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

/** One line on how a study grew (an extension or a repeat). */
final class GrowthText {

    private GrowthText() {
    }

    static String describe(JsonNode grown) {
        long added = grown.path("added").asLong();
        long first = grown.path("firstSeq").asLong();
        long skipped = grown.path("skipped").asLong();
        String runs = added == 0 ? "no runs added" : added + (added == 1 ? " run" : " runs") + " added (seq "
                + (added == 1 ? String.valueOf(first) : first + " to " + (first + added - 1)) + ")";
        return runs + (skipped > 0 ? ", " + skipped + " skipped as already succeeded" : "") + "; "
                + grown.path("state").asText() + ", " + grown.path("total").asLong() + " runs in all";
    }
}
