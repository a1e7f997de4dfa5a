package io.runfleet.scheduler.persistence;

/**
 * A study document exactly as submitted.
 *
 * @param text        the body, verbatim
 * @param sha256      SHA-256 of the body's bytes, lower-case hex
 * @param contentType the Content-Type it came with
 */
public record SubmittedDocument(String text, String sha256, String contentType) {
}
