package io.runfleet.scheduler.study;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The value helpers, computed as numpy and Python do so that a study ported from a script gets the same values:
 * {@code linspace} and {@code logspace} as numpy (endpoint included), {@code range} as Python's range (stop
 * excluded, integers only).
 */
final class ValueHelpers {

    private ValueHelpers() {
    }

    /** numpy.linspace(start, stop, num): {@code start + i * step} with step = (stop - start) / (num - 1), last = stop. */
    static List<Object> linspace(double start, double stop, int num) {
        List<Object> values = new ArrayList<>(num);
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) {
            values.add(i * step + start);
        }
        if (num > 1) {
            values.set(num - 1, stop);
        }
        return values;
    }

    /** numpy.logspace(start, stop, num): 10 to the power of each value of linspace(start, stop, num). */
    static List<Object> logspace(double start, double stop, int num) {
        List<Object> values = new ArrayList<>(num);
        for (Object exponent : linspace(start, stop, num)) {
            values.add(Math.pow(10, (Double) exponent));
        }
        return values;
    }

    /** How many values Python's range(start, stop, step) has (step != 0). */
    static BigInteger rangeLength(long start, long stop, long step) {
        BigInteger distance = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger stepBig = BigInteger.valueOf(step);
        if (distance.signum() == 0 || distance.signum() != stepBig.signum()) {
            return BigInteger.ZERO;
        }
        // ceil(distance / step) for same-signed operands
        BigInteger[] quotient = distance.divideAndRemainder(stepBig);
        return quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
    }

    /** Python's range(start, stop, step) for a length already checked to fit. */
    static List<Object> range(long start, long step, int length) {
        List<Object> values = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            values.add(ParameterValues.integer(start + i * step));
        }
        return values;
    }
}
