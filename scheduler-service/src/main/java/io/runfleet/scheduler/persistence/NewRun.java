package io.runfleet.scheduler.persistence;

/** One new run as {@link RunInserter} stores it: its columns that vary from run to run. */
record NewRun(String id, long seq, String paramsJson, String paramHash, RunState state, int repetition, int stageIndex,
              String stage, String parentRunId, String error) {
}
