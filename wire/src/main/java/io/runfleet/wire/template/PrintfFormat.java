package io.runfleet.wire.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A placeholder's printf-style format ({@code %.3f}, {@code %05d}, {@code %g}) applied to one value the way Python's
 * {@code %} operator applies it, since studies come from psweep scripts written for it. Java's
 * {@link String#format} is stricter: it refuses the integer 1 for {@code %.3f} and 2.0 for {@code %d}, and its
 * {@code %g} keeps trailing zeros. So the value is first fitted to the conversion:
 * <ul>
 *     <li>{@code %f %e %g %a} (any case) take integers and decimals alike, as decimals; {@code %g} drops trailing
 *     zeros as Python's does ({@code %g} of 1 is {@code 1}, of 0.001 is {@code 0.001}), unless {@code #} is
 *     given;</li>
 *     <li>{@code %d} takes integers and decimals, truncating a decimal toward zero as Python's {@code int()} does
 *     ({@code %d} of 2.5 is {@code 2}, of -2.5 is {@code -2}); not a number (NaN) and infinity are refused;</li>
 *     <li>{@code %x %X %o} take integers and whole decimals (2.0); 2.5 is refused, as Python refuses it. Negative
 *     numbers keep their sign ({@code %x} of -255 is {@code -ff}), as in Python.</li>
 * </ul>
 * Strings and booleans are never turned into numbers: {@code %d} of {@code abc} is refused. Other conversions
 * ({@code %s}, ...) are Java's.
 */
final class PrintfFormat {

    /** One conversion of a Java format string: index, flags, width, precision, conversion. */
    private static final Pattern SPECIFIER =
            Pattern.compile("%(\\d+\\$)?([-#+ 0,(<]*)(\\d+)?(\\.\\d+)?([tT]?[a-zA-Z%])");

    private PrintfFormat() {
    }

    /**
     * @throws TemplateException when the value does not fit the format, naming the value and the fix
     * @throws IllegalFormatException when Java refuses the format itself
     */
    static String apply(String format, Object value) {
        Matcher specifier = SPECIFIER.matcher(format);
        while (specifier.find()) {
            char conversion = specifier.group(5).charAt(specifier.group(5).length() - 1);
            if (conversion == '%' || conversion == 'n') {
                continue;
            }
            if (!(value instanceof Number number) || specifier.group(5).length() > 1) {
                break;
            }
            switch (Character.toLowerCase(conversion)) {
                case 'f', 'e', 'a' -> {
                    return String.format(Locale.ROOT, format, number.doubleValue());
                }
                case 'g' -> {
                    return general(format, specifier, number.doubleValue());
                }
                case 'd' -> {
                    return String.format(Locale.ROOT, format, truncated(number, specifier.group()));
                }
                case 'x', 'o' -> {
                    return String.format(Locale.ROOT, format, whole(number, specifier.group()));
                }
                default -> {
                    return String.format(Locale.ROOT, format, value);
                }
            }
        }
        return String.format(Locale.ROOT, format, value);
    }

    /** Python's int(): toward zero. */
    private static BigInteger truncated(Number number, String specifier) {
        return exact(number, specifier).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    }

    private static BigInteger whole(Number number, String specifier) {
        BigDecimal exact = exact(number, specifier);
        if (exact.stripTrailingZeros().scale() > 0) {
            throw new TemplateException("'" + specifier + "' needs a whole number, and " + number + " is not one "
                    + "(Python refuses it too); use %d to truncate it, %.0f to round it, or give whole numbers");
        }
        return exact.toBigIntegerExact();
    }

    private static BigDecimal exact(Number number, String specifier) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw new TemplateException("'" + specifier + "' needs a number that is an integer, and " + number
                        + " has none; use %f or %g, or no format");
            }
            return new BigDecimal(value);
        }
        return BigDecimal.valueOf(number.longValue());
    }

    /**
     * Python's {@code %g}: precision p significant digits (6 by default, 0 taken as 1); exponent notation when the
     * exponent is below -4 or at least p, else fixed; trailing zeros and a trailing point dropped unless {@code #}.
     * The number is rendered here and put in place of the specifier, so that text around it stays as written.
     */
    private static String general(String format, Matcher specifier, double value) {
        String flags = specifier.group(2);
        if (!flags.matches("[-#+ 0]*") || specifier.group(1) != null || !Double.isFinite(value)) {
            return String.format(Locale.ROOT, format, value);
        }
        int precision = specifier.group(4) == null ? 6 : Math.max(1, Integer.parseInt(specifier.group(4).substring(1)));
        double magnitude = Math.abs(value);
        String scientific = String.format(Locale.ROOT, "%." + (precision - 1) + "e", magnitude);
        int exponent = Integer.parseInt(scientific.substring(scientific.indexOf('e') + 1));
        String digits = exponent >= -4 && exponent < precision
                ? String.format(Locale.ROOT, "%." + (precision - 1 - exponent) + "f", magnitude)
                : scientific;
        if (!flags.contains("#")) {
            digits = withoutTrailingZeros(digits);
        }
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        String sign = negative ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        int width = specifier.group(3) == null ? 0 : Integer.parseInt(specifier.group(3));
        int padding = Math.max(0, width - sign.length() - digits.length());
        String number;
        if (flags.contains("-")) {
            number = sign + digits + " ".repeat(padding);
        } else if (flags.contains("0")) {
            number = sign + "0".repeat(padding) + digits;
        } else {
            number = " ".repeat(padding) + sign + digits;
        }
        if (Character.isUpperCase(specifier.group(5).charAt(0))) {
            number = number.toUpperCase(Locale.ROOT);
        }
        String around = format.substring(0, specifier.start()) + "%s" + format.substring(specifier.end());
        return String.format(Locale.ROOT, around, number);
    }

    private static String withoutTrailingZeros(String digits) {
        int e = digits.indexOf('e');
        String mantissa = e < 0 ? digits : digits.substring(0, e);
        String exponent = e < 0 ? "" : digits.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + exponent;
    }
}
