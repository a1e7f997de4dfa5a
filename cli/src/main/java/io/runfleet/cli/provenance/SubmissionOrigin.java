package io.runfleet.cli.provenance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a submission comes from, sent with it as request headers (docs/scheduler-service.md, "Provenance"): the
 * commit of the study file's git work tree and whether it had uncommitted changes (only inside a work tree), the
 * CLI's working directory and the user name.
 */
public record SubmissionOrigin(String commit, Boolean dirty, String directory, String user) {

    public static final String COMMIT_HEADER = "Runfleet-Source-Commit";
    public static final String DIRTY_HEADER = "Runfleet-Source-Dirty";
    public static final String DIRECTORY_HEADER = "Runfleet-Client-Directory";
    public static final String USER_HEADER = "Runfleet-Client-User";

    /** Looks at the study file's directory, this process's working directory and user. */
    public static SubmissionOrigin of(Path studyFile) {
        Path directory = studyFile.toAbsolutePath().getParent();
        GitWorkTree.State git = GitWorkTree.of(directory).orElse(new GitWorkTree.State(null, null));
        return new SubmissionOrigin(git.commit(), git.dirty(), System.getProperty("user.dir"),
                System.getProperty("user.name"));
    }

    /** The headers to send; absent parts are left out. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (commit != null) {
            headers.put(COMMIT_HEADER, commit);
        }
        if (dirty != null) {
            headers.put(DIRTY_HEADER, dirty.toString());
        }
        if (directory != null && !directory.isBlank()) {
            headers.put(DIRECTORY_HEADER, escaped(directory));
        }
        if (user != null && !user.isBlank()) {
            headers.put(USER_HEADER, escaped(user));
        }
        return headers;
    }

    /**
     * UTF-8, with spaces, {@code %} and every byte outside printable ASCII as {@code %XX}: any path fits a header,
     * leading and trailing spaces included.
     */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
