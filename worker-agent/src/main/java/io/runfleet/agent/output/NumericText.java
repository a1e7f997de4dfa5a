package io.runfleet.agent.output;

import java.util.regex.Pattern;

/** Turns captured text into a number when it looks like one, so results tables get numeric columns. */
public final class NumericText {

    private static final Pattern INTEGRAL = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private NumericText() {
    }

    /** A {@code Long} for integral text that fits, a {@code Double} for other decimal text, else the text. */
    public static Object valueOf(String capture) {
        String text = capture.strip();
        if (INTEGRAL.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                return Double.parseDouble(text);
            }
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        return capture;
    }
}
