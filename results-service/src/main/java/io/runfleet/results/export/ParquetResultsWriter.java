package io.runfleet.results.export;

import io.runfleet.results.store.AttemptReader;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.jboss.logging.Logger;

/**
 * Streams the results table as a Parquet file: the table is read once for its columns and their types
 * ({@link ResultTableShape}, {@link ParquetTableSchema}), then once more for the rows, which go to
 * Parquet as they are read. Parquet holds one row group in memory at a time and writes it out when it
 * reaches {@link #ROW_GROUP_BYTES}, so memory stays bounded whatever the study's size; the file is
 * written front to back straight into the response ({@link StreamOutputFile}), no temporary file.
 */
public final class ParquetResultsWriter implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(ParquetResultsWriter.class);

    /** Bytes of (compressed) rows buffered before a row group is written: the bound on an export's memory. */
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    private final AttemptReader reader;
    private final String studyId;

    public ParquetResultsWriter(AttemptReader reader, String studyId) {
        this.reader = reader;
        this.studyId = studyId;
    }

    /** Feeds the rows to write, in order, to the given consumer. */
    @FunctionalInterface
    interface Rows {
        void forEach(AttemptReader.RowConsumer consumer) throws IOException;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        ResultTableShape shape = ResultTableShape.scan(reader, studyId);
        long misfits = write(shape, consumer -> reader.forEachLatestAttempt(studyId, consumer), output);
        if (misfits > 0) {
            LOG.warnf("Parquet export of study %s: %d values changed type while the export ran (the study is "
                    + "still running) and were left empty; export again for a complete table", studyId, misfits);
        }
    }

    /**
     * Writes the rows as a Parquet file with the columns of {@code shape}.
     *
     * @return how many values were left null because they did not fit their column's type
     */
    static long write(ResultTableShape shape, Rows rows, OutputStream output) throws IOException {
        ResultRowWriteSupport writeSupport = new ResultRowWriteSupport(shape);
        try (ParquetWriter<Map<String, Object>> parquet = new Builder(new StreamOutputFile(output), writeSupport)
                // A plain configuration and the JDK's GZIP keep Hadoop's classes out of the way.
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new GzipPageCompression())
                .withCompressionCodec(GzipPageCompression.CODEC)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build()) {
            rows.forEach(attempt -> parquet.write(ResultRow.of(attempt)));
        }
        output.flush();
        return writeSupport.misfits();
    }

    private static final class Builder extends ParquetWriter.Builder<Map<String, Object>, Builder> {

        private final ResultRowWriteSupport writeSupport;

        Builder(OutputFile file, ResultRowWriteSupport writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Map<String, Object>> getWriteSupport(ParquetConfiguration conf) {
            return writeSupport;
        }

        /** Required by the base class; never called, since the writer is built with a ParquetConfiguration. */
        @Override
        @Deprecated
        protected WriteSupport<Map<String, Object>> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
