package io.runfleet.scheduler.api;

import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyEntity;
import io.runfleet.scheduler.persistence.StoredJson;
import io.runfleet.scheduler.persistence.StudyQueries;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.template.RunRendering;
import io.runfleet.wire.template.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Shows a run as an agent would execute it, rendered with the agent's own rendering ({@link RunRendering}), so that
 * a dry run shows what will really run.
 */
@ApplicationScoped
public class RunRenderer {

    /** Stands for the work directory of the agent that will take the run; the scheduler cannot know it. */
    public static final String AGENT_WORK_DIR = "<agent-work-dir>";


    private final StudyQueries queries;

    public RunRenderer(StudyQueries queries) {
        this.queries = queries;
    }

    public RenderedRun render(String studyId, long seq) {
        StudyEntity study = queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        RunEntity run = queries.run(studyId, seq).orElseThrow(() -> new ApiException(404, "study '" + studyId
                + "' has no run with seq " + seq + "; its runs are numbered 0 to " + (study.totalRuns - 1)));
        RunSpec spec = run.stageIndex == 0 ? StoredJson.spec(study.spec, studyId)
                : StoredJson.stages(study.stages, studyId).get(run.stageIndex - 1).spec();
        Map<String, Object> params = StoredJson.parameters(run.params, "run " + run.id);
        int attempt = nextOrCurrentAttempt(run);
        String runDir = AGENT_WORK_DIR + "/" + RunRendering.runDirectoryName(studyId, seq, run.id, attempt);
        Map<String, Object> values = RunRendering.values(params, studyId, run.id, seq, attempt, runDir);
        try {
            return new RenderedRun(studyId, run.id, seq, attempt, params, run.paramHash, spec.builtin(),
                    spec.shell(), RunRendering.arguments(spec, values), RunRendering.environment(spec, values),
                    RunRendering.files(spec, values), runDir, renderSteps(spec, values));
        } catch (TemplateException e) {
            throw new ApiException(422, "run " + seq + " of study '" + studyId + "' cannot be rendered: "
                    + e.getMessage() + "; an agent would fail it the same way. Fix the format or the values and "
                    + "submit the study again");
        }
    }

    /** Empty for the short form ({@code template.command} or {@code builtin}), which has no steps. */
    private static List<RenderedStep> renderSteps(RunSpec spec, Map<String, Object> values) {
        return spec.steps().stream().map(step -> RenderedStep.of(step, values)).toList();
    }

    /** A waiting run's next dispatch is a new attempt; a run that was dispatched shows the attempt it had. */
    private static int nextOrCurrentAttempt(RunEntity run) {
        return run.state == RunState.PENDING || run.state == RunState.RETRYING ? run.attempt + 1 : run.attempt;
    }

}
