package io.runfleet.results.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file with parquet-java's stock reader (its own codecs, nothing of the service's),
 * giving each value as text the way Java prints it, null for a Parquet null.
 */
public final class ParquetTable {

    private final MessageType schema;
    private final List<List<String>> rows;

    private ParquetTable(MessageType schema, List<List<String>> rows) {
        this.schema = schema;
        this.rows = rows;
    }

    public static ParquetTable read(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        MessageType schema = forEachRow(file, rows::add);
        return new ParquetTable(schema, rows);
    }

    /** Reads every row without keeping them, for files too large to hold. @return the schema */
    public static MessageType forEachRow(Path file, java.util.function.Consumer<List<String>> consumer)
            throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = columns.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                for (long row = 0; row < rowGroup.getRowCount(); row++) {
                    consumer.accept(texts(schema, records.read()));
                }
            }
            return schema;
        }
    }

    public MessageType schema() {
        return schema;
    }

    public List<String> columnNames() {
        return schema.getFields().stream().map(Type::getName).toList();
    }

    /** A plain column's type; for a LIST column, its elements' type. */
    public PrimitiveType.PrimitiveTypeName type(String column) {
        Type type = schema.getType(column);
        return isList(column) ? element(type).getPrimitiveTypeName() : type.asPrimitiveType().getPrimitiveTypeName();
    }

    /** Whether the column is a LIST: a group annotated LIST holding a repeated group of one element. */
    public boolean isList(String column) {
        Type type = schema.getType(column);
        return !type.isPrimitive() && LogicalTypeAnnotation.listType().equals(type.getLogicalTypeAnnotation());
    }

    private static PrimitiveType element(Type list) {
        return list.asGroupType().getType(0).asGroupType().getType(0).asPrimitiveType();
    }

    public List<List<String>> rows() {
        return rows;
    }

    private static List<String> texts(MessageType schema, Group group) {
        List<String> values = new ArrayList<>(schema.getFieldCount());
        for (int field = 0; field < schema.getFieldCount(); field++) {
            if (group.getFieldRepetitionCount(field) == 0) {
                values.add(null);
                continue;
            }
            Type type = schema.getType(field);
            values.add(type.isPrimitive() ? text(type.asPrimitiveType(), group, field, 0) : listText(type, group
                    .getGroup(field, 0)));
        }
        return values;
    }

    /** A LIST value as its items' texts in brackets, as in [1.0, 2.5] or [a, b]. */
    private static String listText(Type list, Group value) {
        PrimitiveType element = element(list);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.getFieldRepetitionCount(0); i++) {
            Group item = value.getGroup(0, i);
            items.add(item.getFieldRepetitionCount(0) == 0 ? null : text(element, item, 0, 0));
        }
        return items.toString();
    }

    private static String text(PrimitiveType type, Group group, int field, int index) {
        return switch (type.getPrimitiveTypeName()) {
            case INT64 -> Long.toString(group.getLong(field, index));
            case DOUBLE -> Double.toString(group.getDouble(field, index));
            case BOOLEAN -> Boolean.toString(group.getBoolean(field, index));
            case BINARY -> group.getString(field, index);
            default -> throw new IllegalStateException("unexpected column type in " + type);
        };
    }
}
