package io.runfleet.results.export;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Hands rows of the results table ({@link ResultRow}) to Parquet, column by column, typed as
 * {@link ParquetTableSchema} decided. A value that does not fit its column's type is left null and
 * counted: that only happens when a run's result changed between reading the column kinds and
 * reading the rows (a study still running), since both readings see the same rows otherwise.
 */
final class ResultRowWriteSupport extends WriteSupport<Map<String, Object>> {

    private final List<ResultTableShape.Column> columns;
    private final MessageType schema;
    private RecordConsumer consumer;
    private long misfits;

    ResultRowWriteSupport(ResultTableShape shape) {
        this.columns = shape.columns();
        this.schema = ParquetTableSchema.of(shape);
    }

    @Override
    public String getName() {
        return "runfleet";
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    /** Required by the base class; never called, since the writer is built with a ParquetConfiguration. */
    @Override
    @Deprecated
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Map<String, Object> row) {
        consumer.startMessage();
        for (int index = 0; index < columns.size(); index++) {
            ResultTableShape.Column column = columns.get(index);
            Object value = row.get(column.name());
            if (value == null) {
                continue;
            }
            if (!fits(column.kind(), value)) {
                misfits++;
                continue;
            }
            consumer.startField(column.name(), index);
            add(column.kind(), value);
            consumer.endField(column.name(), index);
        }
        consumer.endMessage();
    }

    /** Values left null because they did not fit their column's type. */
    long misfits() {
        return misfits;
    }

    private static boolean fits(ValueKind columnKind, Object value) {
        ValueKind kind = ValueKind.of(value);
        return columnKind == ValueKind.TEXT || kind == columnKind
                || (columnKind == ValueKind.DECIMAL && kind == ValueKind.INTEGER)
                || (kind == ValueKind.EMPTY_LIST && columnKind.isList())
                || (columnKind == ValueKind.EMPTY_LIST && kind == ValueKind.NUMBER_LIST);
    }

    private void add(ValueKind columnKind, Object value) {
        switch (columnKind) {
            case INTEGER -> consumer.addLong(((Number) value).longValue());
            case DECIMAL -> consumer.addDouble(((Number) value).doubleValue());
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case TEXT -> consumer.addBinary(Binary.fromString(CellText.of(value)));
            case NUMBER_LIST, TEXT_LIST, EMPTY_LIST -> addList((List<?>) value);
        }
    }

    /** The LIST layout: a group holding one repeated {@code list} group per item, each with its {@code element}. */
    private void addList(List<?> items) {
        consumer.startGroup();
        if (!items.isEmpty()) {
            consumer.startField("list", 0);
            for (Object item : items) {
                consumer.startGroup();
                consumer.startField("element", 0);
                if (item instanceof Number number) {
                    consumer.addDouble(number.doubleValue());
                } else {
                    consumer.addBinary(Binary.fromString((String) item));
                }
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }
}
