package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link StudyDocument} into a {@link ValidatedStudy}, or an {@link InvalidStudyException} listing every
 * problem found, each naming its field and the fix.
 */
public final class StudyValidator {

    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final long maxRuns;
    private final int maxTemplateBytes;
    private final boolean readDirectories;
    private final boolean launchEnabled;
    private NamedPools pools = NamedPools.none();
    private KnownPlugins plugins = KnownPlugins.any();

    /**
     * @param readDirectories whether {@code template.directory} may name a directory on the scheduler's own file
     *                        system; off by default, since it lets anyone who can submit read what the scheduler can
     */
    public StudyValidator(long maxRuns, int maxTemplateBytes, boolean readDirectories) {
        this(maxRuns, maxTemplateBytes, readDirectories, true);
    }

    /**
     * @param launchEnabled whether this scheduler launches agents ({@code runfleet.launch.enabled}); if not, a study
     *                      with a {@code launch} section is refused
     */
    public StudyValidator(long maxRuns, int maxTemplateBytes, boolean readDirectories, boolean launchEnabled) {
        this.maxRuns = maxRuns;
        this.maxTemplateBytes = maxTemplateBytes;
        this.readDirectories = readDirectories;
        this.launchEnabled = launchEnabled;
    }

    /** The named pools studies may reference ({@code launch: {pool: NAME}}); none unless given. */
    public StudyValidator withPools(NamedPools pools) {
        this.pools = pools;
        return this;
    }

    /** The plugin names agents have; any name unless given. */
    public StudyValidator withPlugins(KnownPlugins known) {
        this.plugins = known;
        return this;
    }

    public ValidatedStudy validate(StudyDocument document) {
        return validate(new StudyReader.Read<>(document, List.of(), List.of()));
    }

    /** Validates a document read with its unknown fields left out; they are reported with every other problem. */
    public ValidatedStudy validate(StudyReader.Read<StudyDocument> read) {
        StudyDocument document = read.document();
        Problems problems = new Problems();
        problems.addAll(read.unknownFields(), read.meantFields());
        if (document.name() == null || document.name().isBlank()) {
            problems.add("name", "missing; give the study a name of letters, digits, _ . or -, as in heat-grid");
        } else if (!STUDY_NAME.matcher(document.name()).matches() || document.name().length() > 200) {
            problems.add("name", "'" + document.name()
                    + "' is not allowed; use up to 200 letters, digits, _ . or -");
        }
        ParameterValidator parameters = new ParameterValidator(problems, maxRuns);
        ParameterSpace space = parameters.validate(document.parameters());
        List<OutputSpec> outputs = new OutputValidator(problems).validate(document.outputs());
        ValueKinds kinds = ValueKinds.builtIns().addAll(space);
        Set<String> names = new LinkedHashSet<>(parameters.names());
        Optional<SamplerSection> sampler = Optional.empty();
        if (document.sampler() != null) {
            sampler = Optional.ofNullable(new SamplerValidator(problems).validate(document.sampler(), outputs,
                    document.parameters()));
            samplerVariables(document.sampler(), names, kinds);
        }
        RunSpec spec = new TemplateValidator(problems, names, kinds, maxTemplateBytes, readDirectories)
                .validate(document.template(), outputs);
        Policy policy = new PolicyValidator(problems).validate(document.policy(), "policy", PolicyValidator.DEFAULTS);
        // a sampler study starts without runs: its sampler makes them
        long count = document.sampler() == null ? space.count() : 0;
        if (document.sampler() != null && document.stages() != null) {
            problems.add("stages", "a study with a sampler has one stage; remove stages, or the sampler section");
        }
        List<Stage> stages = new StageValidator(problems, maxRuns, maxTemplateBytes, readDirectories)
                .validate(document.sampler() == null ? document.stages() : null, names, policy, count, kinds);
        if (problems.isEmpty() && document.sampler() == null) {
            if (count == 0) {
                problems.add("parameters", "the study expands to zero runs; give at least one point");
            } else if (count > maxRuns) {
                problems.add("parameters", "the study expands to " + (count == Long.MAX_VALUE ? "too many" : count)
                        + " runs, more than the limit of " + maxRuns
                        + " (runfleet.scheduler.max-runs-per-study); split it into smaller studies");
            }
        }
        Optional<Launch> launch = new LaunchValidator(problems, launchEnabled, pools).validate(document.launch(),
                Optional.ofNullable(document.policy()).map(PolicyDocument::maxParallel));
        plugins.check(document, problems);
        problems.throwIfAny();
        return new ValidatedStudy(document.name(), spec, policy, space, count, stages, launch, sampler);
    }

    /** The sampler's variables are the study's parameters too: templates name them, their values are numbers. */
    private static void samplerVariables(SamplerDocument sampler, Set<String> names, ValueKinds kinds) {
        if (sampler.variables() == null) {
            return;
        }
        sampler.variables().forEach((name, variable) -> {
            names.add(name);
            if (variable != null && variable.min() != null) {
                kinds.add(name, variable.min());
            }
        });
    }
}
