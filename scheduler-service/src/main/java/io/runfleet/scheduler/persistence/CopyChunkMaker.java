package io.runfleet.scheduler.persistence;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Makes the COPY text of new runs a chunk at a time on a thread of its own, so that the parameter JSON, hashes and
 * escaping of one chunk are done while the calling thread copies the chunk before. At most one finished chunk waits
 * for the caller, so memory stays at three chunks whatever the study's size. Only the caller's thread touches the
 * connection.
 */
final class CopyChunkMaker implements AutoCloseable {

    /** The COPY text of {@code rows} new runs. */
    record Chunk(String text, int rows) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> made = new ArrayBlockingQueue<>(1);
    private final Thread maker;

    CopyChunkMaker(Iterator<NewRun> runs, CopyRowText text, int chunkRows) {
        this.maker = new Thread(() -> make(runs, text, chunkRows), "run-copy-chunks");
        maker.setDaemon(true);
        maker.start();
    }

    private void make(Iterator<NewRun> runs, CopyRowText text, int chunkRows) {
        Object last = END;
        try {
            StringBuilder chunk = new StringBuilder();
            int rows = 0;
            while (runs.hasNext()) {
                text.append(runs.next(), chunk);
                if (++rows == chunkRows) {
                    made.put(new Chunk(chunk.toString(), rows));
                    chunk.setLength(0);
                    rows = 0;
                }
            }
            if (rows > 0) {
                made.put(new Chunk(chunk.toString(), rows));
            }
        } catch (InterruptedException e) {
            return; // the caller gave up: nobody takes the end
        } catch (RuntimeException | Error e) {
            last = e;
        }
        try {
            made.put(last);
        } catch (InterruptedException e) {
            // the caller gave up
        }
    }

    /** The next chunk, or null after the last; what went wrong making it is thrown here, in the caller's thread. */
    Chunk next() {
        Object next;
        try {
            next = made.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rows of new runs were made", e);
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        if (next instanceof Error failure) {
            throw failure;
        }
        return next == END ? null : (Chunk) next;
    }

    /** Stops the maker if the caller stopped taking chunks (a COPY failed), and waits for it. */
    @Override
    public void close() {
        maker.interrupt();
        try {
            maker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
