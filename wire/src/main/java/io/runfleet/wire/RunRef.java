package io.runfleet.wire;

/** One attempt of one run. */
public record RunRef(String runId, int attempt) {

    @Override
    public String toString() {
        return "Run(id=" + runId + ", attempt=" + attempt + ")";
    }
}
