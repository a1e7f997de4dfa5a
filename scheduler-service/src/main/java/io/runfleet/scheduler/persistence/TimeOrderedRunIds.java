package io.runfleet.scheduler.persistence;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Run ids as UUIDs in the version 7 layout (RFC 9562): the first 48 bits are the Unix time in milliseconds, the other
 * 74 free bits random. Ids made later sort after earlier ones, so each new run's primary-key entry lands at the right
 * edge of the index instead of on a random page of it: random (version 4) ids made PostgreSQL read, split and log
 * pages all over an index that outgrows its buffers as a study of a million runs goes in. Still a valid UUID wherever
 * one is parsed; nothing relies on run ids being unpredictable.
 */
final class TimeOrderedRunIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC_4122 = 0x8000_0000_0000_0000L;

    private TimeOrderedRunIds() {
    }

    static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        long random = RANDOM.nextLong();
        long high = (epochMillis << 16) | VERSION_7 | (random & 0x0fffL);
        long low = VARIANT_RFC_4122 | (RANDOM.nextLong() >>> 2);
        return new UUID(high, low).toString();
    }
}
