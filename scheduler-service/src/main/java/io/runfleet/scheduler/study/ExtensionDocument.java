package io.runfleet.scheduler.study;

/**
 * More points for a stored study ({@code POST /studies/{id}/extend}): a {@code parameters} section in the format of
 * the study's own (docs/study-format.md, "Growing a study"). Read as strictly as a study: the template, outputs and
 * policy stay the study's, so any other field is refused.
 */
public record ExtensionDocument(ParametersDocument parameters) {
}
