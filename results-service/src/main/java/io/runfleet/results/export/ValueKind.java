package io.runfleet.results.export;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * What the values of a results column are, as far as a typed export (Parquet) can tell: whole numbers,
 * numbers with decimals, booleans, lists of numbers, lists of text, or anything else (text). A column's
 * kind is the widening of the kinds of all its values.
 */
enum ValueKind {
    INTEGER,
    DECIMAL,
    BOOLEAN,
    TEXT,
    /** A list whose items are all numbers (a table column, an hdf5 array). */
    NUMBER_LIST,
    /** A list whose items are all text. */
    TEXT_LIST,
    /** An empty list: a list of either kind. */
    EMPTY_LIST;

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
        if (value instanceof List<?> list) {
            return ofList(list);
        }
        return TEXT;
    }

    private static ValueKind ofList(List<?> list) {
        if (list.isEmpty()) {
            return EMPTY_LIST;
        }
        if (list.stream().allMatch(item -> item != null && of(item).isNumber())) {
            return NUMBER_LIST;
        }
        return list.stream().allMatch(item -> item instanceof String) ? TEXT_LIST : TEXT;
    }

    boolean isNumber() {
        return this == INTEGER || this == DECIMAL;
    }

    boolean isList() {
        return this == NUMBER_LIST || this == TEXT_LIST || this == EMPTY_LIST;
    }

    /**
     * The kind of a column holding values of this kind and of {@code other}: integers and decimals
     * together are decimals; empty lists beside lists of one kind are lists of that kind; any other mix
     * is text.
     */
    ValueKind widen(ValueKind other) {
        if (this == other) {
            return this;
        }
        if ((this == INTEGER && other == DECIMAL) || (this == DECIMAL && other == INTEGER)) {
            return DECIMAL;
        }
        if (this == EMPTY_LIST && other.isList()) {
            return other;
        }
        if (other == EMPTY_LIST && isList()) {
            return this;
        }
        return TEXT;
    }
}
