package io.runfleet.wire.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Secrets kept as files that only their owner may read (0600, in directories of 0700): tokens and key
 * pairs that a local stack makes at its first start. The services of one stack start together and share
 * a data directory, so creation takes a lock file beside the secret: whichever process comes first
 * writes it, the others read what it wrote, and nobody ever sees half a file (it is written to a
 * temporary name and moved into place).
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final String LOCK_SUFFIX = ".lock";

    private SecretFiles() {
    }

    /**
     * The contents of {@code path}; if it does not exist yet, {@code contents} makes them, they are written
     * with owner-only permissions and returned. Safe when several processes race for the same path; threads of one
     * process take turns here, since a file lock is held by a whole process and refuses a second one in it.
     */
    public static synchronized String readOrCreate(Path path, Supplier<String> contents) {
        Path target = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(target)) {
            return read(target);
        }
        createPrivateDirectories(target.getParent());
        Path lockFile = target.resolveSibling(target.getFileName() + LOCK_SUFFIX);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(target)) {
                return read(target);
            }
            String created = contents.get();
            writePrivate(target, created);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secret file " + target + " (" + e.getMessage()
                    + "); check that its directory is writable by this user", e);
        }
    }

    /** Writes {@code contents} to {@code path} with owner-only permissions, replacing it in one step. */
    public static void writePrivate(Path path, String contents) {
        Path target = path.toAbsolutePath().normalize();
        createPrivateDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            Files.writeString(temporary, contents, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret file " + target + " (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a secret file, refusing one that users other than its owner may read or write. */
    public static String read(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (!readableByOthers(permissions).isEmpty()) {
                throw new IllegalStateException("the secret file " + path + " has permissions "
                        + PosixFilePermissions.toString(permissions) + "; others than its owner may use it. Fix: chmod 600 "
                        + path);
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (UnsupportedOperationException e) {
            return readPlain(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret file " + path + " (" + e.getMessage() + ")", e);
        }
    }

    private static String readPlain(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret file " + path + " (" + e.getMessage() + ")", e);
        }
    }

    private static Set<PosixFilePermission> readableByOthers(Set<PosixFilePermission> permissions) {
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        others.retainAll(permissions);
        return others;
    }

    private static void createPrivateDirectories(Path directory) {
        if (directory == null || Files.isDirectory(directory)) {
            return;
        }
        try {
            createPrivateDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException e) {
            // another process made it meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + directory + " (" + e.getMessage() + ")", e);
        }
    }
}
