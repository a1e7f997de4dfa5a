package io.runfleet.scheduler.api;

import java.util.List;
import java.util.Map;

/**
 * One run as an agent would execute it ({@code GET /studies/{id}/runs/{seq}/rendered}): the template rendered with
 * the run's parameters and built-ins, exactly as the agent renders it.
 *
 * @param attempt     the attempt the values are for: the next one for a run that waits (PENDING, RETRYING), else
 *                    the current one
 * @param builtin     the agent's in-process step instead of a command (then {@code command} is empty)
 * @param command     the program and its arguments, each one argument (with {@code shell}: {@code sh -c ...})
 * @param environment extra environment variables, by name
 * @param files       input files written into the run directory, by relative path
 * @param runDir      the run directory; {@value RunRenderer#AGENT_WORK_DIR} stands for the work directory of
 *                    whichever agent takes the run, which the scheduler does not know
 * @param steps       the run's named steps in order, each rendered as the agent renders it; empty for the short
 *                    form ({@code template.command} or {@code builtin}), which {@code command} shows
 */
public record RenderedRun(String studyId, String runId, long seq, int attempt, Map<String, Object> params,
                          String paramHash, String builtin, boolean shell, List<String> command,
                          Map<String, String> environment, Map<String, String> files, String runDir,
                          List<RenderedStep> steps) {
}
