package io.runfleet.systemtest;

import java.util.regex.Pattern;

/**
 * The ways a message can be unreadable for the wire codec, each with the words a refusal reason must use
 * to name it (case-insensitive). The alternatives cover the codec's wording ("exceeds the limit",
 * "lacks required field", Jackson's "Missing creator property") and a transport's own summary of it.
 */
enum MalformedKind {

    /** Bytes that are not JSON at all: Jackson answers "... was expecting (JSON String, Number, ...)". */
    NOT_JSON("json"),
    /** A well-formed record with a schema version this build does not read. */
    UNKNOWN_SCHEMA_VERSION("schema"),
    /** A well-formed record without a field the codec requires (an id). */
    MISSING_REQUIRED_FIELD("missing|lacks"),
    /** One byte above {@code WireCodec.MAX_MESSAGE_BYTES}: refused unread. */
    OVERSIZED("size|exceeds|limit");

    private final Pattern reasonWords;

    MalformedKind(String reasonWords) {
        this.reasonWords = Pattern.compile(reasonWords, Pattern.CASE_INSENSITIVE);
    }

    /** Whether a refusal reason names this kind of problem. */
    boolean isNamedBy(String reason) {
        return reason != null && reasonWords.matcher(reason).find();
    }
}
