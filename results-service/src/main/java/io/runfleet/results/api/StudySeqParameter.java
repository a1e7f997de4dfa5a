package io.runfleet.results.api;

/** Reads a client's study sequence number (an SSE id, {@code ?after=}, {@code ?afterSeq=}), or answers 400. */
final class StudySeqParameter {

    private StudySeqParameter() {
    }

    /** A whole number >= 0 from {@code value}; otherwise a 400 naming {@code where} and ending with {@code fix}. */
    static long parse(String where, String value, String fix) {
        try {
            long studySeq = Long.parseLong(value.trim());
            if (studySeq >= 0) {
                return studySeq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiErrors.badRequest(where + " must be a study sequence number (a whole number >= 0), got '" + value
                + "'; " + fix);
    }
}
