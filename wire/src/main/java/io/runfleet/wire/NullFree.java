package io.runfleet.wire;

import java.util.List;
import java.util.Map;

/**
 * Immutable copies of a record's lists and maps, refusing null elements by the field's name. {@link List#copyOf}
 * refuses them too, but with a bare NullPointerException: the codec's reason then said only "problem:
 * NullPointerException", not which field of the message to mend.
 */
final class NullFree {

    private NullFree() {
    }

    /** {@code list} copied, empty for null. */
    static <T> List<T> list(List<T> list, String field) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException("field '" + field + "' holds null at [" + i
                        + "]; leave the element out instead");
            }
        }
        return List.copyOf(list);
    }

    /** {@code map} copied, empty for null. */
    static <V> Map<String, V> map(Map<String, V> map, String field) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("field '" + field + "' has null " + (key == null ? "as a key"
                        : "for '" + key + "'") + "; give a value or leave the entry out");
            }
        });
        return Map.copyOf(map);
    }
}
