package io.runfleet.results.export;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What the values of a results column are, as far as a typed export (Parquet) can tell: whole numbers,
 * numbers with decimals, booleans, or anything else (text). A column's kind is the widening of the
 * kinds of all its values.
 */
enum ValueKind {
    INTEGER,
    DECIMAL,
    BOOLEAN,
    TEXT;

    /** @return the kind of a value that is not null */
    static ValueKind of(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return INTEGER;
        }
        if (value instanceof BigInteger big) {
            // Beyond 64 bits a number would lose digits in both INT64 and DOUBLE: keep its text.
            return big.bitLength() < Long.SIZE ? INTEGER : TEXT;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return DECIMAL;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return TEXT;
    }

    /**
     * The kind of a column holding values of this kind and of {@code other}: integers and decimals
     * together are decimals; any other mix is text.
     */
    ValueKind widen(ValueKind other) {
        if (this == other) {
            return this;
        }
        if ((this == INTEGER && other == DECIMAL) || (this == DECIMAL && other == INTEGER)) {
            return DECIMAL;
        }
        return TEXT;
    }
}
