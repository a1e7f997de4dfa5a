package io.runfleet.scheduler.api;

import java.util.Locale;

/**
 * Query parameters read strictly: {@code dryRun=yes} is refused rather than read as false, and a count names its
 * range.
 */
final class QueryFlags {

    private QueryFlags() {
    }

    /** {@code true} or {@code false}, any case; absent or empty is {@code false}. */
    static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "query parameter " + name + "='" + value
                    + "' is not true or false; give " + name + "=true or leave it out");
        };
    }

    /** A whole number of at least {@code min}; {@code fallback} when absent. */
    static int count(String name, String value, int fallback, int min) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter " + name + "='" + value + "' is not a whole number; give "
                    + "one of " + min + " or more, e.g. " + name + "=" + Math.max(min, 2));
        }
        if (parsed < min) {
            throw new ApiException(400, "query parameter " + name + "=" + parsed + " is too small; give " + min
                    + " or more");
        }
        return parsed;
    }
}
