package io.runfleet.scheduler.sampling;

/**
 * The seeded stream every sampler draws from: SplitMix64 (Steele, Lea and Flood, 2014; constants of Vigna's reference
 * implementation). Written out here rather than taken from the JDK so that a seed gives the same points on every
 * Java version, for ever.
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniform number strictly inside (0, 1): the top 53 bits plus one half, over 2^53. Never 0 or 1, so the inverse
     * normal CDF of it is always finite.
     */
    public double nextOpenUnit() {
        return ((nextLong() >>> 11) + 0.5) * TWO_TO_MINUS_53;
    }

    /** A uniform integer in [0, bound), as {@code floor(nextOpenUnit() * bound)}. */
    public int nextIndex(int bound) {
        return Math.min((int) (nextOpenUnit() * bound), bound - 1);
    }
}
