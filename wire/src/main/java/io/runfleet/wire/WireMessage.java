package io.runfleet.wire;

/**
 * A record that crosses the wire. Every one carries the schema version it was written with, so a
 * receiver can refuse what it does not understand instead of misreading it.
 */
public interface WireMessage {

    /** The schema version this build writes and the newest it reads. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();
}
