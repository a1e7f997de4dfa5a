package io.runfleet.scheduler.study;

import java.util.List;

/**
 * A later stage of a study, as written (docs/study-format.md, "Stages"): run once per point of its own parameters
 * (one point without them) for each SUCCEEDED run of the stage before.
 *
 * @param uses the outputs of the stage before that this stage's templates name
 */
public record StageDocument(
        String name,
        ParametersDocument parameters,
        List<String> uses,
        TemplateDocument template,
        List<OutputDocument> outputs,
        PolicyDocument policy) {
}
