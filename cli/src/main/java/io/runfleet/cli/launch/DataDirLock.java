package io.runfleet.cli.launch;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One local stack per data directory at a time. Two would open the same H2 files, and the second would fail deep in a
 * service's start-up log; the lock says so before anything starts. The operating system releases it when this
 * process ends, however it ends, so a killed CLI leaves no stale lock behind. A stack kept up by {@code runfleet up}
 * outlives the command that holds this lock: its state file ({@link StackState}) marks the directory as taken instead.
 */
public final class DataDirLock implements AutoCloseable {

    static final String LOCK_FILE = "runfleet.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * For a stack of one command ({@code run}, {@code demo}): creates {@code dataDir} if needed and locks it, or says
     * which process holds it or that {@code runfleet up} keeps a stack there.
     */
    public static DataDirLock acquire(Path dataDir) {
        DataDirLock lock = acquireForStack(dataDir);
        try {
            List<StackMember> running = StackState.read(dataDir).map(StackState::members).orElse(List.of()).stream()
                    .filter(StackMember::isRunning).toList();
            if (!running.isEmpty()) {
                throw new CliException("--data: " + dataDir + " holds a stack kept up by `runfleet up` (pids "
                        + running.stream().map(member -> String.valueOf(member.pid())).collect(Collectors.joining(", "))
                        + "); submit to it with `runfleet submit FILE`, stop it with `runfleet down --data " + dataDir
                        + "`, or give another --data DIR", ExitCodes.USAGE);
            }
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * For {@code up} and {@code down}, which manage the stack of the state file: creates {@code dataDir} if needed and
     * locks it for as long as they start or stop it, or says which process holds it.
     */
    public static DataDirLock acquireForStack(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CliException("--data: cannot use " + dataDir + " (" + e.getMessage() + "); give a directory you "
                    + "can write with --data DIR", ExitCodes.USAGE, e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new CliException("--data: " + dataDir + " is in use by another runfleet run, demo, up or down"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; wait for it to end, stop it with "
                        + "Ctrl-C, or give another --data DIR", ExitCodes.USAGE);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CliException("--data: cannot lock " + file + ": " + e.getMessage(), ExitCodes.FAILED, e);
        }
    }

    /** null when another process, or this one, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the lock goes with the channel below, and at the latest with this process
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written that matters: the file holds a pid for messages only
        }
    }
}
