package io.runfleet.agent.output;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What parsing one run's outputs may take: bytes read from each file, and time for all of them together. A parser
 * reads through {@link #open} and matches over {@link #timed} text, so neither a file that grows while it is read nor
 * a pattern that backtracks without end can hold the run's slot past these limits.
 *
 * @param maxFileBytes  bytes a parser reads from one file at most
 * @param budget        time all outputs of the run may take to parse
 * @param deadlineNanos {@link System#nanoTime()} at which the budget is spent
 */
public record OutputLimits(long maxFileBytes, Duration budget, long deadlineNanos) {

    /** The agent setting that bounds the bytes, named in the refusal. */
    static final String BYTES_KEY = "runfleet.agent.max-parsed-output-bytes";
    /** The agent setting that bounds the time, named in the refusal. */
    static final String TIME_KEY = "runfleet.agent.output-parse-timeout";

    public static OutputLimits startingNow(long maxFileBytes, Duration budget) {
        return new OutputLimits(maxFileBytes, budget, System.nanoTime() + budget.toNanos());
    }

    /** The file, read through a stream that fails with {@link TooLarge} past {@code maxFileBytes}. */
    InputStream open(Path file) throws IOException {
        return new Bounded(Files.newInputStream(file), maxFileBytes);
    }

    /** The whole file, at most {@code maxFileBytes} of it; more fails with {@link TooLarge}. */
    byte[] readAll(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /** {@code text} for a matcher: every character read checks the deadline and ends the match with {@link Expired}. */
    CharSequence timed(CharSequence text) {
        return new DeadlineText(text, this);
    }

    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Expired(budget);
        }
    }

    String tooLargeReason() {
        return "more than the limit of " + maxFileBytes + " bytes for a parsed output (" + BYTES_KEY + "), "
                + "it grew while it was read; parse a smaller summary and leave bulk data in files, which results "
                + "list by reference";
    }

    /** A parsed file outgrew the limit while it was read. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    /** The time for parsing this run's outputs is spent. */
    static final class Expired extends RuntimeException {
        Expired(Duration budget) {
            super("parsing took longer than " + budget.toMillis() + " ms (" + TIME_KEY + ")", null, false, false);
        }
    }

    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    /**
     * Text whose {@code charAt} checks the deadline every {@value #CHECK_EVERY} reads: {@link java.util.regex.Matcher}
     * reads every character it tries through it, so even catastrophic backtracking reaches a check within
     * microseconds. A clock read per character would double the cost of an ordinary match.
     */
    private static final class DeadlineText implements CharSequence {

        private static final int CHECK_EVERY = 4096;

        private final CharSequence text;
        private final OutputLimits limits;
        private int untilCheck = CHECK_EVERY;

        DeadlineText(CharSequence text, OutputLimits limits) {
            this.text = text;
            this.limits = limits;
        }

        @Override
        public char charAt(int index) {
            if (--untilCheck <= 0) {
                untilCheck = CHECK_EVERY;
                limits.checkDeadline();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineText(text.subSequence(start, end), limits);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
