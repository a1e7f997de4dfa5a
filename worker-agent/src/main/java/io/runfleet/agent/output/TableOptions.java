package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the options of an output entry ({@link OutputSpec#options()}) as the scheduler wrote them. */
final class TableOptions {

    /** Names listed in a message before the rest is counted. */
    private static final int LISTED = 20;

    private TableOptions() {
    }

    static String text(OutputSpec spec, String key, String fallback) {
        Object value = spec.options().get(key);
        return value == null ? fallback : String.valueOf(value);
    }

    static int integer(OutputSpec spec, String key, int fallback) {
        Object value = spec.options().get(key);
        return value instanceof Number number ? number.intValue() : fallback;
    }

    /** True, false, or null when the option is not given. */
    static Boolean flag(OutputSpec spec, String key) {
        Object value = spec.options().get(key);
        return value == null ? null : Boolean.valueOf(String.valueOf(value));
    }

    /** A list of names, or null when the option is not given. */
    static List<String> names(OutputSpec spec, String key) {
        return spec.options().get(key) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    /** Per output name, a path: an hdf5 entry's datasets. */
    static Map<String, String> paths(OutputSpec spec, String key) {
        return spec.options().get(key) instanceof Map<?, ?> map ? map.entrySet().stream().collect(Collectors.toMap(
                entry -> String.valueOf(entry.getKey()), entry -> String.valueOf(entry.getValue()), (a, b) -> b,
                java.util.LinkedHashMap::new)) : Map.of();
    }

    /** Names for a message: the first twenty, and how many more. */
    static String listed(Collection<String> names) {
        String shown = names.stream().limit(LISTED).collect(Collectors.joining(", "));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }
}
