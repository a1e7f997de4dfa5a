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

    public PrimitiveType.PrimitiveTypeName type(String column) {
        return schema.getType(column).asPrimitiveType().getPrimitiveTypeName();
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
            values.add(switch (schema.getType(field).asPrimitiveType().getPrimitiveTypeName()) {
                case INT64 -> Long.toString(group.getLong(field, 0));
                case DOUBLE -> Double.toString(group.getDouble(field, 0));
                case BOOLEAN -> Boolean.toString(group.getBoolean(field, 0));
                case BINARY -> group.getString(field, 0);
                default -> throw new IllegalStateException("unexpected column type in " + schema.getType(field));
            });
        }
        return values;
    }
}
