package io.runfleet.agent.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The last lines of a captured stream, read from the end of its file so that a huge log costs nothing. */
public final class StderrTail {

    public static final int MAX_BYTES = 4096;

    private StderrTail() {
    }

    /** Null when the file is absent or empty. */
    public static String of(Path file, int lines) {
        if (lines <= 0) {
            return null;
        }
        String text;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (trimmed.isEmpty()) {
            return null;
        }
        int start = trimmed.length();
        for (int found = 0; found < lines && start > 0; found++) {
            start = trimmed.lastIndexOf('\n', start - 1);
            if (start < 0) {
                start = 0;
                break;
            }
        }
        return trimmed.charAt(start) == '\n' ? trimmed.substring(start + 1) : trimmed.substring(start);
    }
}
