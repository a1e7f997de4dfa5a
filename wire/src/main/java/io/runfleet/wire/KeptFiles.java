package io.runfleet.wire;

import java.util.List;

/**
 * Where an attempt's kept files are and what they are: the run directory on the agent's host and one reference per
 * regular file in it (the captured {@code stdout} and {@code stderr} included), in path order.
 *
 * @param directory the run directory, absolute, on {@code RunResult.host}
 * @param files     the references; at most the agent's {@code max-kept-files}
 * @param omitted   how many further files the directory held that are not listed (beyond {@code max-kept-files});
 *                  they stay on disk
 */
public record KeptFiles(String directory, List<KeptFile> files, int omitted) {

    public KeptFiles {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
