package io.runfleet.wire.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Converts ZeroMQ routing ids between frames, map keys (lossless) and log text (readable). */
final class RoutingIds {

    private RoutingIds() {
    }

    static String key(byte[] routingId) {
        return new String(routingId, StandardCharsets.ISO_8859_1);
    }

    static byte[] frame(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Dealers name themselves in ASCII; anything else (a foreign socket) is shown in hex. */
    static String printable(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "0x" + HexFormat.of().formatHex(frame(key));
            }
        }
        return key;
    }
}
