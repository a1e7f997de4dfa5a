package io.runfleet.scheduler.api;

import io.runfleet.scheduler.dispatch.SamplerStopRule;
import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.StoredSampler;
import io.runfleet.scheduler.study.SamplerSection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a sampler loop stands (GET /studies/{id}/sampler), read from its runs. */
final class SamplerStatusReader {

    private SamplerStatusReader() {
    }

    static SamplerViews.SamplerStatus read(Connection connection, StoredSampler sampler, Instant now)
            throws SQLException {
        SamplerSection section = sampler.section();
        SamplerRuns.Tally runs = SamplerRuns.tally(connection, sampler.studyId());
        long capacity = sampler.takesPoints() ? SamplerStopRule.capacity(section, runs) : 0;
        return new SamplerViews.SamplerStatus(SamplerSection.written(section.kind()), sampler.state().name(),
                runs.unfinished(), runs.done(), runs.failed(), runs.cancelled(), runs.created(), capacity,
                best(connection, sampler), budget(section.budget(), runs, sampler.submittedAt(), now),
                sampler.stopReason());
    }

    private static SamplerViews.Best best(Connection connection, StoredSampler sampler) throws SQLException {
        SamplerSection.Objective objective = sampler.section().objective();
        if (objective.goal() == SamplerSection.Goal.EXPLORE) {
            return null;
        }
        return SamplerRuns.best(connection, sampler.studyId(), objective.goal() == SamplerSection.Goal.MINIMIZE)
                .map(best -> {
                    Map<String, Object> variables = new LinkedHashMap<>();
                    sampler.section().variables().keySet().forEach(name -> variables.put(name,
                            best.params().get(name)));
                    return new SamplerViews.Best(best.runId(), best.clientPointId(), variables, best.value(),
                            objective.name());
                })
                .orElse(null);
    }

    private static SamplerViews.Budget budget(SamplerSection.Budget budget, SamplerRuns.Tally runs,
                                              Instant submittedAt, Instant now) {
        Duration maxTime = budget.maxTime();
        Long timeLeft = maxTime == null ? null
                : Math.max(0, Duration.between(now, submittedAt.plus(maxTime)).toSeconds());
        return new SamplerViews.Budget(budget.maxRuns(), Math.max(0, budget.maxRuns() - runs.created()),
                budget.maxFailures(),
                budget.maxFailures() == null ? null : Math.max(0, budget.maxFailures() - runs.failed()),
                maxTime == null ? null : maxTime.toString(), timeLeft);
    }
}
