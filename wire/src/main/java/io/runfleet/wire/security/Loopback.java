package io.runfleet.wire.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether an address a service listens on is reachable only from this machine. Plain text and open doors
 * are allowed there and nowhere else: a wildcard ({@code *}, {@code 0.0.0.0}, {@code ::}) or any other
 * interface is reachable from the network.
 */
public final class Loopback {

    private Loopback() {
    }

    /** A host name or literal: {@code localhost}, {@code 127.x.y.z}, {@code ::1}; names are resolved. */
    public static boolean isLoopbackHost(String host) {
        String trimmed = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.equals("*") || trimmed.equals("0.0.0.0") || trimmed.equals("::")) {
            return false;
        }
        if (trimmed.equals("localhost")) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(trimmed)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A ZeroMQ endpoint such as {@code tcp://127.0.0.1:5555} or {@code tcp://*:5555}; {@code inproc://} and {@code ipc://} are local. */
    public static boolean isLoopbackEndpoint(String endpoint) {
        String trimmed = endpoint.trim();
        if (trimmed.startsWith("inproc://") || trimmed.startsWith("ipc://")) {
            return true;
        }
        String host = tcpHost(trimmed);
        return host != null && isLoopbackHost(host);
    }

    /** The host of a {@code tcp://HOST:PORT} endpoint, or null for another transport. */
    public static String tcpHost(String endpoint) {
        String trimmed = endpoint.trim();
        if (!trimmed.startsWith("tcp://")) {
            return null;
        }
        String authority = trimmed.substring("tcp://".length());
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        // tcp://eth0;127.0.0.1:5555 names a source interface before the ';'; the host is the part after it
        return host.substring(host.lastIndexOf(';') + 1);
    }
}
