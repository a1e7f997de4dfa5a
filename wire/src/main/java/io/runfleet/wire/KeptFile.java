package io.runfleet.wire;

/**
 * A file an attempt left in its run directory, reported by reference: its content stays on the agent's disk and
 * never travels or enters a database row, however large it is.
 *
 * @param path   the file's path relative to the run directory, with {@code /} as separator
 * @param size   its length in bytes
 * @param sha256 the SHA-256 of its content, 64 lowercase hex digits
 */
public record KeptFile(String path, long size, String sha256) {
}
