package io.runfleet.results.api;

import io.runfleet.results.store.LatestKeptFiles;
import io.runfleet.wire.KeptFile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * One file a run's latest attempt kept, streamed from its run directory: a file listed among the attempt's kept files,
 * or named by one of its {@code file} outputs. The results service reads the directory where the agent left it, so
 * this answers only when that directory is readable here (the same host, or a shared file system); 404 says which of
 * run, file or directory is missing. The stored SHA-256 travels as {@code X-Runfleet-Sha256} and {@code Digest}; the
 * content is hashed while it streams ({@link CheckedFileWriter}, at the client's pace), and a file that no longer
 * matches its reference breaks the transfer off rather than pass for the run's file.
 */
@Path("/studies/{studyId}/runs/{runId}/files")
public class RunFilesResource {

    public static final String SHA256_HEADER = "X-Runfleet-Sha256";
    /**
     * Files up to this size are checked against their SHA-256 before the answer starts, so a changed one is refused
     * with a 409; larger ones are checked while they stream, and a mismatch breaks the transfer off.
     */
    private static final long CHECKED_FIRST_BYTES = 16L * 1024 * 1024;

    private final LatestKeptFiles latest;

    RunFilesResource(LatestKeptFiles latest) {
        this.latest = latest;
    }

    @GET
    @Path("/{path: .+}")
    public Response file(@PathParam("studyId") String studyId, @PathParam("runId") String runId,
                         @PathParam("path") String path) throws IOException {
        checkPath(path);
        LatestKeptFiles.Attempt attempt = latest.of(studyId, runId).orElseThrow(() -> ApiErrors.notFound(
                "study " + studyId + " has no result of run " + runId));
        String where = "attempt " + attempt.attempt() + " of run " + runId;
        if (attempt.kept() == null || attempt.kept().directory() == null) {
            throw ApiErrors.notFound(where + " kept no files (its study has keep: none, or it did not run)");
        }
        KeptFile reference = reference(attempt, path).orElseThrow(() -> ApiErrors.notFound(where
                + " kept no file " + path + "; its files are listed in GET /studies/" + studyId + "/attempts"));
        java.nio.file.Path directory = java.nio.file.Path.of(attempt.kept().directory());
        java.nio.file.Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory.normalize())) {
            throw ApiErrors.badRequest("path '" + path + "' leaves the run directory");
        }
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            throw ApiErrors.notFound("the run directory " + directory + " of " + where + " (on host "
                    + attempt.host() + ") is not readable from the results service; serve the files from the same "
                    + "host or a shared file system, or copy them from that host");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw ApiErrors.notFound(path + " is no longer in the run directory " + directory + " of " + where);
        }
        if (size != reference.size()) {
            throw ApiErrors.withStatus(Response.Status.CONFLICT, path + " holds " + size + " bytes, but " + where
                    + " left " + reference.size() + "; it changed after the run");
        }
        byte[] sha256 = HexFormat.of().parseHex(reference.sha256());
        if (size <= CHECKED_FIRST_BYTES && !MessageDigest.isEqual(Sha256.of(file), sha256)) {
            throw ApiErrors.withStatus(Response.Status.CONFLICT, where + ", " + path + " no longer matches the "
                    + "SHA-256 its attempt reported; it changed after the run");
        }
        return Response.ok(new CheckedFile(file, size, sha256, where + ", " + path),
                        MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(SHA256_HEADER, reference.sha256())
                .header("Digest", "sha-256=" + Base64.getEncoder().encodeToString(sha256))
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName().toString()
                        .replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .build();
    }

    /** No empty, {@code .} or {@code ..} segment, no backslash, no absolute path: the path names a file in the run. */
    private static void checkPath(String path) {
        boolean refused = path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0;
        for (String segment : path.split("/", -1)) {
            refused |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        if (refused) {
            throw ApiErrors.badRequest("path '" + path + "' is refused: give a file's path relative to the run "
                    + "directory, as the attempt lists it, without . or .. segments");
        }
    }

    /** The attempt's reference of {@code path}: among its kept files, else among its {@code file} outputs. */
    private static java.util.Optional<KeptFile> reference(LatestKeptFiles.Attempt attempt, String path) {
        for (KeptFile kept : attempt.kept().files()) {
            if (kept.path().equals(path)) {
                return java.util.Optional.of(kept);
            }
        }
        for (Object value : attempt.outputs().values()) {
            if (value instanceof Map<?, ?> output && path.equals(output.get("path"))
                    && output.get("size") instanceof Number size && output.get("sha256") instanceof String sha256) {
                return java.util.Optional.of(new KeptFile(path, size.longValue(), sha256));
            }
        }
        return java.util.Optional.empty();
    }
}
