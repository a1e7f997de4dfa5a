package io.runfleet.scheduler.study;

/**
 * One thing wrong with a submitted study.
 *
 * @param field   where, as a path into the document ({@code template.command[2]}, {@code parameters.zip})
 * @param message what is wrong and how to fix it
 */
public record Problem(String field, String message) {
}
