package io.runfleet.results.export;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} that is a plain stream, such as an HTTP response. parquet-java writes a
 * new file front to back (magic, row groups, footer) and never seeks back, so it needs only the count
 * of bytes written so far, not a file system. Closing the Parquet stream flushes the target but leaves
 * it open: it belongs to whoever passed it in.
 */
final class StreamOutputFile implements OutputFile {

    private final OutputStream target;

    StreamOutputFile(OutputStream target) {
        this.target = target;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new CountingStream(target);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "stream";
    }

    private static final class CountingStream extends PositionOutputStream {

        private final OutputStream target;
        private long position;

        CountingStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.flush();
        }
    }
}
