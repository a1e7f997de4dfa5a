package io.runfleet.scheduler.study;

import java.util.List;

/**
 * A study as submitted, before validation (docs/study-format.md). Read strictly: an unknown field anywhere
 * is an error, so a typo never silently drops a setting.
 */
public record StudyDocument(
        String name,
        ParametersDocument parameters,
        TemplateDocument template,
        List<OutputDocument> outputs,
        PolicyDocument policy) {
}
