package io.runfleet.scheduler.study;

import java.util.List;

/**
 * A study as submitted, before validation (docs/study-format.md). Read strictly: an unknown field anywhere
 * is an error, so a typo never silently drops a setting. {@code stages} are the stages after the study's own
 * (stage 0): docs/study-format.md, "Stages". {@code launch} says which agents the scheduler starts for the
 * study (docs/study-format.md, "Launch"). {@code sampler} makes it a sampler loop whose points a sampler gives
 * (docs/study-format.md, "Sampler loops").
 */
public record StudyDocument(
        String name,
        ParametersDocument parameters,
        TemplateDocument template,
        List<OutputDocument> outputs,
        PolicyDocument policy,
        List<StageDocument> stages,
        LaunchDocument launch,
        SamplerDocument sampler) {

    /** A study without a sampler section. */
    public StudyDocument(String name, ParametersDocument parameters, TemplateDocument template,
                         List<OutputDocument> outputs, PolicyDocument policy, List<StageDocument> stages,
                         LaunchDocument launch) {
        this(name, parameters, template, outputs, policy, stages, launch, null);
    }
}
