package io.runfleet.wire.zeromq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code key=address,...} list a router tells every dealer that says hello. */
final class Advertisements {

    private Advertisements() {
    }

    static Map<String, String> parse(String channel, String text) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("channel '" + channel + "': attribute 'advertise' has entry '"
                        + trimmed + "'; write entries as key=tcp://HOST:PORT separated by commas");
            }
            result.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return result;
    }

    static String format(Map<String, String> advertised) {
        return advertised.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
