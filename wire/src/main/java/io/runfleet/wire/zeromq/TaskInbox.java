package io.runfleet.wire.zeromq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * How other threads hand work to a socket's owner thread. ZeroMQ sockets are not thread-safe, so
 * work is queued here and the owner is woken through a NIO pipe that its poller watches next to
 * the socket. At most one wake-up byte is outstanding, so writing never blocks.
 */
final class TaskInbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TaskInbox.class);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Pipe pipe;
    private final ByteBuffer drain = ByteBuffer.allocate(64);

    TaskInbox() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the wake-up pipe of a ZeroMQ socket thread", e);
        }
    }

    /** The channel the owner's poller watches. */
    SelectableChannel wakeUpChannel() {
        return pipe.source();
    }

    void submit(Runnable task) {
        tasks.add(task);
        wake();
    }

    void wake() {
        if (signalled.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                // closed: the owner has stopped and runs nothing more
                LOG.debugf("wake-up after close ignored: %s", e.getMessage());
            }
        }
    }

    /** Owner thread only: runs everything queued so far. */
    void runPending() {
        try {
            while (pipe.source().read(drain.clear()) > 0) {
                // emptying the pipe
            }
        } catch (IOException e) {
            LOG.debugf("wake-up pipe read failed: %s", e.getMessage());
        }
        signalled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "a task on a ZeroMQ socket thread failed; the socket goes on");
            }
        }
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException e) {
            LOG.debugf("closing wake-up pipe: %s", e.getMessage());
        }
    }
}
