package io.runfleet.scheduler.api;

/**
 * Answer to an extension or a repeat.
 *
 * @param added    runs appended to the study
 * @param skipped  points left out because their parameter set had already SUCCEEDED in the study
 *                 ({@code skipDuplicates=true}); 0 for a repeat
 * @param firstSeq the seq of the first run appended; the appended runs are {@code firstSeq} to
 *                 {@code firstSeq + added - 1}
 * @param total    the study's runs now
 * @param state    the study's state now: a COMPLETED study that got runs is ACTIVE again
 */
public record GrownStudy(String id, String state, long added, long skipped, long firstSeq, long total) {
}
