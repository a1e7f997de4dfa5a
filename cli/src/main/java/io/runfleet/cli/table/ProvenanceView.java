package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;

/** What identifies a study's submission: its document's SHA-256 and where it came from. */
public final class ProvenanceView {

    private ProvenanceView() {
    }

    /** Lines for {@code runfleet status ID}; empty when the scheduler reports none of it. */
    public static String render(JsonNode study) {
        StringBuilder out = new StringBuilder();
        String sha = ResultsTableView.cellText(study.get("documentSha256"));
        if (!sha.isEmpty()) {
            out.append("document   sha256 ").append(sha).append('\n');
        }
        JsonNode provenance = study.get("provenance");
        if (provenance == null || !provenance.isObject()) {
            return out.toString();
        }
        String commit = ResultsTableView.cellText(provenance.get("commit"));
        if (!commit.isEmpty()) {
            JsonNode dirty = provenance.get("dirty");
            out.append("commit     ").append(commit)
                    .append(dirty == null || dirty.isNull() ? ""
                            : dirty.asBoolean() ? " (with uncommitted changes)" : " (clean)")
                    .append('\n');
        }
        appendIfPresent(out, "directory  ", provenance.get("directory"));
        appendIfPresent(out, "user       ", provenance.get("user"));
        return out.toString();
    }

    private static void appendIfPresent(StringBuilder out, String label, JsonNode value) {
        String text = ResultsTableView.cellText(value);
        if (!text.isEmpty()) {
            out.append(label).append(text).append('\n');
        }
    }
}
