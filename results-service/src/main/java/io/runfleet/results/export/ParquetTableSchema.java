package io.runfleet.results.export;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a results table: one optional column per table column, in the table's order,
 * typed by the kind of its values. Whole numbers are INT64, numbers with decimals (or a mix of both)
 * DOUBLE, booleans BOOLEAN, lists of numbers a LIST of DOUBLE, lists of text a LIST of UTF8 strings
 * (an empty list fits either; a column of empty lists only is a LIST of DOUBLE), and everything else,
 * including mixed columns and other nested values, a UTF8 string holding the same text as the CSV cell.
 * A missing value is a Parquet null. Lists take the standard three-level LIST layout that Arrow, pandas
 * and Spark read as list columns.
 */
final class ParquetTableSchema {

    static final String MESSAGE_NAME = "results";

    private ParquetTableSchema() {
    }

    static MessageType of(ResultTableShape shape) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (ResultTableShape.Column column : shape.columns()) {
            switch (column.kind()) {
                case INTEGER -> message.optional(PrimitiveTypeName.INT64).named(column.name());
                case DECIMAL -> message.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(column.name());
                case TEXT -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
                case NUMBER_LIST, EMPTY_LIST -> message.optionalList()
                        .optionalElement(PrimitiveTypeName.DOUBLE).named(column.name());
                case TEXT_LIST -> message.optionalList()
                        .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
            }
        }
        return message.named(MESSAGE_NAME);
    }
}
