package io.runfleet.scheduler.persistence;

import java.time.Instant;

/**
 * A new run as one line of PostgreSQL's COPY text format, in the order of {@link RunRows#COLUMNS}: text escaped
 * (backslash, tab, newline, carriage return), null as \N. The study and the time are the same for every run.
 */
final class CopyRowText {

    private final String studyId;
    /** PostgreSQL reads ISO-8601 with 'T' and 'Z' as a timestamp with time zone. */
    private final String now;

    CopyRowText(String studyId, Instant now) {
        this.studyId = studyId;
        this.now = now.toString();
    }

    void append(NewRun row, StringBuilder to) {
        field(row.id(), to);
        field(studyId, to);
        to.append(row.seq()).append('\t');
        field(row.paramsJson(), to);
        field(row.paramHash(), to);
        field(row.state().name(), to);
        to.append("0\t0\t0\t");
        field(now, to);
        field(now, to);
        to.append(row.repetition()).append('\t').append(row.stageIndex()).append('\t');
        field(row.stage(), to);
        field(row.parentRunId(), to);
        field(row.error(), to);
        to.append(row.error() == null ? "\\N" : now).append('\n');
    }

    /** A text column and its tab. */
    private static void field(String value, StringBuilder to) {
        if (value == null) {
            to.append("\\N\t");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> to.append("\\\\");
                case '\t' -> to.append("\\t");
                case '\n' -> to.append("\\n");
                case '\r' -> to.append("\\r");
                default -> to.append(c);
            }
        }
        to.append('\t');
    }
}
