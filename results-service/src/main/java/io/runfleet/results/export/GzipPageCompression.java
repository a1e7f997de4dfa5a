package io.runfleet.results.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses Parquet pages with the JDK's GZIP, which is Parquet's GZIP codec (RFC 1952) and readable
 * by every Parquet reader. parquet-java's own codec factory goes through Hadoop's codec classes, and
 * with them Hadoop's configuration and its dependencies; this one needs nothing but the JDK. It only
 * writes: the results service never reads Parquet.
 */
final class GzipPageCompression implements CompressionCodecFactory {

    static final CompressionCodecName CODEC = CompressionCodecName.GZIP;

    /** Fast rather than smallest: an export is compressed while the client waits. */
    private static final int LEVEL = Deflater.BEST_SPEED;

    private static final BytesInputCompressor COMPRESSOR = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, (int) (bytes.size() / 4)));
            try (GZIPOutputStream gzip = new LevelledGzip(compressed)) {
                bytes.writeAllTo(gzip);
            }
            return BytesInput.from(compressed.toByteArray());
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CODEC;
        }

        @Override
        public void release() {
        }
    };

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        if (codecName != CODEC) {
            throw new IllegalArgumentException("results are written with " + CODEC + " pages, not " + codecName);
        }
        return COMPRESSOR;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("the results service writes Parquet but never reads it");
    }

    @Override
    public void release() {
    }

    private static final class LevelledGzip extends GZIPOutputStream {
        LevelledGzip(OutputStream target) throws IOException {
            super(target, 64 * 1024);
            def.setLevel(LEVEL);
        }
    }
}
