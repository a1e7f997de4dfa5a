package io.runfleet.results.api;

import java.nio.file.Path;

/**
 * A run's file as an answer's entity: {@link CheckedFileWriter} sends its first {@code size} bytes and breaks the
 * transfer off when what it sent does not hash to {@code sha256}.
 *
 * @param what names the file in log lines: the attempt, the run and the path
 */
record CheckedFile(Path file, long size, byte[] sha256, String what) {
}
