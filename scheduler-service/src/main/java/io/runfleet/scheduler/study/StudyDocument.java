package io.runfleet.scheduler.study;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A study as submitted, before validation (docs/study-format.md). Read strictly: an unknown field anywhere
 * is an error, so a typo never silently drops a setting. {@code stages} are the stages after the study's own
 * (stage 0): docs/study-format.md, "Stages".
 */
// TODO(launch): `launch` is accepted unread until the launch section is read here; the scheduler routes a study that
// has one to its own pool (persistence.StudyPool)
@JsonIgnoreProperties({"launch"})
public record StudyDocument(
        String name,
        ParametersDocument parameters,
        TemplateDocument template,
        List<OutputDocument> outputs,
        PolicyDocument policy,
        List<StageDocument> stages) {
}
