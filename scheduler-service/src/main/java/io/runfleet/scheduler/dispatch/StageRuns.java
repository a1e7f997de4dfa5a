package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.StageRun;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.study.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of the next stage that a SUCCEEDED run makes (docs/study-format.md, "Stages"): one per point of the
 * stage's own parameters, each holding the parent's parameters, then the parent's outputs (an output never replaces
 * a parameter of the same name), then the point. A parent that lacks an output the stage uses makes its runs FAILED
 * with the reason, rather than runs whose placeholders would render as empty text.
 */
final class StageRuns {

    private StageRuns() {
    }

    static List<StageRun> of(StoredStudy study, RunRow parent, Map<String, Object> parentParams,
                             Map<String, Object> outputs) {
        Optional<Stage> next = study.after(parent.stageIndex());
        if (next.isEmpty()) {
            return List.of();
        }
        Stage stage = next.get();
        String failure = missingOutput(stage, parent, outputs);
        List<StageRun> runs = new ArrayList<>(stage.points().size());
        for (Map<String, Object> point : stage.points()) {
            Map<String, Object> params = new LinkedHashMap<>(parentParams);
            outputs.forEach(params::putIfAbsent);
            params.putAll(point);
            runs.add(new StageRun(study.id(), stage.index(), stage.name(), parent.id(), params, failure));
        }
        return runs;
    }

    private static String missingOutput(Stage stage, RunRow parent, Map<String, Object> outputs) {
        for (String output : stage.uses()) {
            if (!outputs.containsKey(output)) {
                return "stage " + stage.name() + " needs output '" + output + "' of its parent run " + parent.id()
                        + ", which it lacks";
            }
        }
        return null;
    }
}
