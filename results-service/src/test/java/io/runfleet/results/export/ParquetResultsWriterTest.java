package io.runfleet.results.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.results.store.StoredAttempt;
import io.runfleet.wire.RunOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet file itself: column types from the values, nulls, and what happens to late changes. */
class ParquetResultsWriterTest {

    private static final Instant START = Instant.parse("2026-03-04T05:06:07.5Z");

    @TempDir
    Path dir;

    @Test
    void columnsAreTypedByTheirValues() throws IOException {
        List<StoredAttempt> attempts = List.of(
                succeeded(0, Map.of("n", 1), outputs("count", 3, "energy", 2.5, "ratio", 1, "ok", true,
                        "mixed", 7, "label", "a", "profile", List.of(1, 2), "huge", new BigInteger("123456789012345678901"))),
                succeeded(1, Map.of("n", 2), outputs("count", 4L, "energy", 0.125, "ratio", 0.5, "ok", false,
                        "mixed", "seven", "label", "b,\"c\"")));

        ParquetTable table = write(ResultTableShape.of(attempts), attempts);

        assertThat(table.columnNames()).startsWith("n", "count", "energy", "ratio", "ok", "mixed", "label", "profile",
                "huge").endsWith(ResultColumns.BOOKKEEPING.toArray(String[]::new));
        assertThat(table.type("n")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(table.type("count")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(table.type("energy")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(table.type("ratio")).as("whole numbers and decimals together").isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(table.type("ok")).isEqualTo(PrimitiveTypeName.BOOLEAN);
        assertThat(table.type("mixed")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(table.type("label")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(table.isList("profile")).as("a list of numbers").isTrue();
        assertThat(table.type("profile")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(table.type("huge")).as("beyond 64 bits").isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(table.type("_seq")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(table.type("_exit_code")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(table.type("_runtime_s")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(table.type("_start")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(table.schema().getType("label").getLogicalTypeAnnotation().toString()).isEqualTo("STRING");

        assertThat(values(table, 0)).containsExactly("1", "3", "2.5", "1.0", "true", "7", "a", "[1.0, 2.0]",
                "123456789012345678901");
        assertThat(values(table, 1)).containsExactly("2", "4", "0.125", "0.5", "false", "seven", "b,\"c\"", null, null);
        assertThat(cell(table, 1, "_runtime_s")).isEqualTo("1.5");
        assertThat(cell(table, 1, "_stderr")).as("successful runs carry no stderr").isNull();
    }

    @Test
    void listsAreListColumnsOfNumbersOrTextAndOtherNestedValuesText() throws IOException {
        List<StoredAttempt> attempts = List.of(
                succeeded(0, Map.of("n", 1), outputs("loss", List.of(0.9, 0.5, 1L), "tags", List.of("a", "b"),
                        "late", List.of(), "mixed", List.of(1, "x"), "grid", List.of(List.of(1, 2)), "sometimes", 3)),
                succeeded(1, Map.of("n", 2), outputs("loss", List.of(), "tags", List.of("c"),
                        "late", List.of(7), "mixed", List.of(2), "grid", List.of(List.of(3)),
                        "sometimes", List.of(4))),
                succeeded(2, Map.of("n", 3), outputs("tags", List.of())));

        ParquetTable table = write(ResultTableShape.of(attempts), attempts);

        assertThat(List.of("loss", "tags", "late")).allSatisfy(column -> assertThat(table.isList(column)).isTrue());
        assertThat(table.type("loss")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(table.type("tags")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(table.type("late")).as("empty, then numbers").isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(List.of("mixed", "grid", "sometimes", "_files")).allSatisfy(column -> {
            assertThat(table.isList(column)).as(column).isFalse();
            assertThat(table.type(column)).as(column).isEqualTo(PrimitiveTypeName.BINARY);
        });
        assertThat(values(table, 0)).containsExactly("1", "[0.9, 0.5, 1.0]", "[a, b]", "[]", "[1,\"x\"]", "[[1,2]]",
                "3");
        assertThat(values(table, 1)).containsExactly("2", "[]", "[c]", "[7.0]", "[2]", "[[3]]", "[4]");
        assertThat(values(table, 2)).containsExactly("3", null, "[]", null, null, null, null);
    }

    @Test
    void pagesAreGzipCompressedAndReadableByTheStockReader() throws IOException {
        List<StoredAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            attempts.add(succeeded(i, Map.of("i", i), outputs("y", i * 2, "label", "run " + i)));
        }
        Path file = dir.resolve("many.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetResultsWriter.write(ResultTableShape.of(attempts), rows(attempts), out);
        }

        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file))) {
            assertThat(reader.getRecordCount()).isEqualTo(2000);
            assertThat(reader.getFooter().getBlocks().get(0).getColumns())
                    .allSatisfy(column -> assertThat(column.getCodec()).isEqualTo(CompressionCodecName.GZIP));
        }
        assertThat(ParquetTable.read(file).rows().get(1999).subList(0, 3)).containsExactly("1999", "3998", "run 1999");
    }

    @Test
    void aValueThatChangedTypeAfterTheColumnsWereReadIsLeftNullAndCounted() throws IOException {
        List<StoredAttempt> scanned = List.of(succeeded(0, Map.of("n", 1), outputs("count", 3)));
        List<StoredAttempt> written = List.of(succeeded(0, Map.of("n", 1), outputs("count", 3.5, "late", "new column")));
        Path file = dir.resolve("late.parquet");

        long misfits;
        try (OutputStream out = Files.newOutputStream(file)) {
            misfits = ParquetResultsWriter.write(ResultTableShape.of(scanned), rows(written), out);
        }

        assertThat(misfits).isEqualTo(1);
        ParquetTable table = ParquetTable.read(file);
        assertThat(table.columnNames()).doesNotContain("late");
        assertThat(cell(table, 0, "count")).isNull();
        assertThat(cell(table, 0, "n")).isEqualTo("1");
    }

    @Test
    void anEmptyTableIsAValidFileWithTheBookkeepingColumns() throws IOException {
        ParquetTable table = write(ResultTableShape.of(List.of()), List.of());

        assertThat(table.columnNames()).containsExactlyElementsOf(ResultColumns.BOOKKEEPING);
        assertThat(table.rows()).isEmpty();
    }

    @Test
    void theCodecOnlyWritesGzip() {
        GzipPageCompression codecs = new GzipPageCompression();
        assertThatThrownBy(() -> codecs.getCompressor(CompressionCodecName.SNAPPY))
                .hasMessageContaining("GZIP").hasMessageContaining("SNAPPY");
    }

    private ParquetTable write(ResultTableShape shape, List<StoredAttempt> attempts) throws IOException {
        Path file = dir.resolve("results.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetResultsWriter.write(shape, rows(attempts), out);
        }
        return ParquetTable.read(file);
    }

    /** The row's parameter and output values: every column but the bookkeeping ones. */
    private static List<String> values(ParquetTable table, int row) {
        List<String> names = table.columnNames();
        List<String> values = new ArrayList<>();
        for (int column = 0; column < names.size(); column++) {
            if (!names.get(column).startsWith("_")) {
                values.add(table.rows().get(row).get(column));
            }
        }
        return values;
    }

    private static ParquetResultsWriter.Rows rows(List<StoredAttempt> attempts) {
        return consumer -> {
            for (StoredAttempt attempt : attempts) {
                consumer.accept(attempt);
            }
        };
    }

    private static String cell(ParquetTable table, int row, String column) {
        return table.rows().get(row).get(table.columnNames().indexOf(column));
    }

    private static Map<String, Object> outputs(Object... namesAndValues) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            outputs.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return outputs;
    }

    private static StoredAttempt succeeded(long seq, Map<String, Object> params, Map<String, Object> outputs) {
        return new StoredAttempt("study-1", "run-" + seq, 1, seq, new LinkedHashMap<>(params), "hash-" + seq,
                RunOutcome.SUCCEEDED, 0, outputs, null, null, "agent-1", "node-1", START, START.plusMillis(1500),
                START.plusSeconds(2), "main", null, null, null);
    }
}
