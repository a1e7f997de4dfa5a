package io.runfleet.wire;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The one text form the codec writes for an instant, {@code 2026-12-07T11:42:28.123Z} (what {@link Instant#toString()}
 * gives, UTC, the fraction in groups of three digits and absent when zero), written and read without a
 * {@code DateTimeFormatter}: that formatter's parse and print were a large share of decoding. Anything outside the
 * form (another offset, lower case, a leap second, a year beyond 9999) is left to the standard formatter, so that
 * every text the standard reads still reads the same.
 */
final class UtcInstantText {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits and no sign. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_135_596_800L;
    private static final long FIRST_FIVE_DIGIT_SECOND = 253_402_300_800L;
    private static final int SHORTEST = "0000-00-00T00:00:00Z".length();
    private static final int LONGEST = "0000-00-00T00:00:00.000000000Z".length();

    private UtcInstantText() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds >= FIRST_FIVE_DIGIT_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] out = new char[LONGEST];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            out[length++] = '.';
            if (nano % 1_000_000 == 0) {
                length = digits(out, length, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                length = digits(out, length, nano / 1000, 6);
            } else {
                length = digits(out, length, nano, 9);
            }
        }
        out[length++] = 'Z';
        return new String(out, 0, length);
    }

    /** The instant the text names, or null when it is not of the form this class writes (the caller parses it then). */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = number(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nano = fraction;
            for (int scale = length - 1 - 20; scale < 9; scale++) {
                nano *= 10;
            }
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number in {@code text[from, to)}, at most nine digits; -1 if a character is not a digit. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Writes {@code value} zero-padded to {@code width} digits at {@code at}; returns the index after it. */
    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
