package io.runfleet.agent.output;

import io.runfleet.wire.KeptFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's reference (path, size, SHA-256), hashed while streaming through a small buffer, so that a 2 GB file costs
 * a few seconds of CPU and no heap.
 */
public final class FileReference {

    /** Read buffer for hashing: large enough that a big file is hashed at disk speed, small against any heap. */
    private static final int BUFFER_BYTES = 256 * 1024;

    private FileReference() {
    }

    /**
     * @param name the path the reference carries (relative to the run directory, {@code /} as separator)
     * @throws NoSuchFileException when the file is gone
     * @throws IOException         when it cannot be read; the message names it
     */
    public static KeptFile of(Path file, String name) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
                size += read;
            }
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException e) {
            throw new IOException("cannot read kept file " + name + ": " + e.getMessage(), e);
        }
        return new KeptFile(name, size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
