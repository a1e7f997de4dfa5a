package io.runfleet.wire.zeromq;

import io.runfleet.wire.Pools;
import io.runfleet.wire.security.PeerRole;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The typed attributes of one {@code smallrye-zeromq} channel, read from the channel's
 * configuration ({@code mp.messaging.[incoming|outgoing].<channel>.<attribute>}). Defaults are
 * those documented on {@link ZmqConnector}; a bad value fails start-up with the attribute's name.
 */
record ChannelSettings(
        String channel,
        boolean incoming,
        String endpoint,
        SocketKind socket,
        Map<String, String> advertise,
        Optional<String> discover,
        int highWaterMark,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration ackTimeout,
        Optional<Duration> deliveryTimeout,
        Set<PeerRole> roles,
        Optional<String> pool) {

    static final int DEFAULT_HIGH_WATER_MARK = 10_000;
    static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
    static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 5_000;
    static final long DEFAULT_ACK_TIMEOUT_MS = 5_000;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    static ChannelSettings from(Config config, boolean incoming) {
        String channel = config.getOptionalValue("channel-name", String.class).orElse("<unnamed>");
        String endpoint = required(config, channel, "endpoint",
                "set it to tcp://*:PORT (router, pub) or tcp://HOST:PORT (dealer, sub)");
        if (!endpoint.contains("://")) {
            throw new IllegalArgumentException("channel '" + channel + "': attribute 'endpoint' is '" + endpoint
                    + "'; write it as tcp://*:PORT to bind or tcp://HOST:PORT to connect");
        }
        SocketKind socket = SocketKind.parse(channel, required(config, channel, "socket",
                "set it to router, dealer, pub or sub"));
        if (!socket.carries(incoming)) {
            throw new IllegalArgumentException("channel '" + channel + "': a " + socket.label() + " socket cannot carry "
                    + (incoming ? "incoming" : "outgoing") + " messages; use "
                    + (incoming ? "router, dealer or sub" : "router, dealer or pub"));
        }
        Map<String, String> advertise = Advertisements.parse(channel,
                config.getOptionalValue("advertise", String.class).orElse(""));
        if (!advertise.isEmpty() && socket != SocketKind.ROUTER) {
            throw new IllegalArgumentException("channel '" + channel
                    + "': attribute 'advertise' only applies to router sockets; remove it or set socket=router");
        }
        Optional<String> discover = config.getOptionalValue("discover", String.class)
                .map(String::trim).filter(s -> !s.isEmpty());
        if (discover.isPresent() && socket != SocketKind.DEALER && socket != SocketKind.SUB) {
            throw new IllegalArgumentException("channel '" + channel
                    + "': attribute 'discover' only applies to dealer and sub sockets; remove it or set socket=dealer"
                    + " or socket=sub");
        }
        int hwm = (int) positive(config, channel, "high-water-mark", DEFAULT_HIGH_WATER_MARK);
        Duration interval = Duration.ofMillis(positive(config, channel, "heartbeat-interval",
                DEFAULT_HEARTBEAT_INTERVAL_MS));
        Duration timeout = Duration.ofMillis(positive(config, channel, "heartbeat-timeout",
                DEFAULT_HEARTBEAT_TIMEOUT_MS));
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("channel '" + channel + "': heartbeat-timeout (" + timeout.toMillis()
                    + " ms) must be longer than heartbeat-interval (" + interval.toMillis()
                    + " ms); a few intervals is usual");
        }
        Duration ackTimeout = Duration.ofMillis(positive(config, channel, "ack-timeout", DEFAULT_ACK_TIMEOUT_MS));
        Optional<Duration> deliveryTimeout = config.getOptionalValue("delivery-timeout", String.class)
                .map(String::trim).filter(text -> !text.isEmpty())
                .map(text -> duration(channel, "delivery-timeout", text));
        if (deliveryTimeout.isPresent() && (incoming || socket != SocketKind.DEALER)) {
            throw new IllegalArgumentException("channel '" + channel
                    + "': attribute 'delivery-timeout' only applies to outgoing dealer channels; remove it");
        }
        Set<PeerRole> roles = roles(config, channel);
        if (!roles.isEmpty() && !socket.binds()) {
            throw new IllegalArgumentException("channel '" + channel
                    + "': attribute 'roles' only applies to router and pub sockets (the servers); remove it");
        }
        Optional<String> pool = config.getOptionalValue("pool", String.class).map(String::trim)
                .filter(text -> !text.isEmpty())
                .map(name -> Pools.require("channel '" + channel + "': attribute 'pool'", name));
        if (pool.isPresent() && (!incoming || socket != SocketKind.DEALER)) {
            throw new IllegalArgumentException("channel '" + channel
                    + "': attribute 'pool' only applies to incoming dealer channels; remove it");
        }
        return new ChannelSettings(channel, incoming, endpoint.trim(), socket, advertise, discover, hwm, interval,
                timeout, ackTimeout, deliveryTimeout, roles, pool);
    }

    /**
     * A positive duration with its unit ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}) or in ISO-8601
     * ({@code PT10M}); a bare number is refused, since other attributes count milliseconds and settings seconds.
     */
    static Duration duration(String channel, String attribute, String text) {
        Duration value;
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            value = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            try {
                value = Duration.parse(text);
            } catch (DateTimeParseException e) {
                value = null;
            }
        }
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("channel '" + channel + "': attribute '" + attribute + "' is '" + text
                    + "'; write a positive duration with its unit, e.g. 30s or 10m");
        }
        return value;
    }

    /** Which roles of authorised CurveZMQ keys may use the channel; empty means any authorised key. */
    private static Set<PeerRole> roles(Config config, String channel) {
        Set<PeerRole> roles = EnumSet.noneOf(PeerRole.class);
        for (String role : config.getOptionalValue("roles", String.class).orElse("").split(",")) {
            if (!role.isBlank()) {
                roles.add(PeerRole.parse(role, "channel '" + channel + "': attribute 'roles'"));
            }
        }
        return Set.copyOf(roles);
    }

    /** Channels naming the same socket, endpoint and discovery key share one socket. */
    SocketKey socketKey() {
        return new SocketKey(socket, endpoint, discover.orElse(""));
    }

    String describe() {
        return (incoming ? "incoming" : "outgoing") + " channel '" + channel + "'";
    }

    private static String required(Config config, String channel, String name, String fix) {
        return config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(
                        "channel '" + channel + "': attribute '" + name + "' is missing; " + fix));
    }

    private static long positive(Config config, String channel, String name, long fallback) {
        Optional<String> raw = config.getOptionalValue(name, String.class);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value > 0 && value <= Integer.MAX_VALUE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the fix
        }
        throw new IllegalArgumentException("channel '" + channel + "': attribute '" + name + "' is '" + raw.get()
                + "'; it must be a positive whole number (default " + fallback + ")");
    }
}
