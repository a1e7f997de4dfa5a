package io.runfleet.scheduler.study;

/**
 * One output collector: either {@code {json: FILE}} or {@code {regex: PATTERN, file: FILE}} (file defaults to
 * stdout).
 */
public record OutputDocument(String json, String regex, String file) {
}
