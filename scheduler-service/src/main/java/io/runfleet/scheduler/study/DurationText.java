package io.runfleet.scheduler.study;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them in studies: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h} or plain seconds. */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private DurationText() {
    }

    /**
     * @throws IllegalArgumentException with a message that says what is accepted
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; give a positive duration such as 30s");
        }
        Matcher matcher = FORMAT.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a duration; write 500ms, 30s, 10m, 2h or a plain number of seconds");
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        BigDecimal millisPerUnit = switch (unit) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        return Duration.ofMillis(amount.multiply(millisPerUnit).longValue());
    }
}
