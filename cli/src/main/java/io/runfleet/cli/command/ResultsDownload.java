package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ErrorBodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;

/**
 * Streams an export of the results table from the results service to a file or a byte stream as it
 * arrives, byte for byte, so that a study of any size passes through in constant memory and no format
 * is re-encoded on the way (exports are UTF-8 text or binary Parquet). A file is written under a temporary name next to it
 * and renamed when complete: a broken download never leaves a partial file behind under the real name.
 */
final class ResultsDownload {

    private static final String SERVICE = "results service";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Until the response starts; the body may take longer for a large study. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int BUFFER = 64 * 1024;

    private final URI baseUrl;
    private final String path;
    private final String accept;
    private final ApiToken token;

    /**
     * @param path   the request path, e.g. {@code /studies/ID/results?format=csv}
     * @param accept the media type asked for
     * @param token  sent as the bearer token
     */
    ResultsDownload(URI baseUrl, String path, String accept, ApiToken token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.path = path;
        this.accept = accept;
    }

    void toFile(Path file) {
        Path target = file.toAbsolutePath();
        // Not Files.createTempFile: its owner-only permissions would stay with the file after the rename.
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        try {
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                toStream(out);
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
            moveInPlace(partial, target, file);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** @throws IOException when writing to {@code target} fails; a failing download is a {@link CliException} */
    void toStream(OutputStream target) throws IOException {
        try (InputStream body = open()) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = readFromService(() -> body.read(buffer))) >= 0) {
                target.write(buffer, 0, read);
            }
            target.flush();
        }
    }

    @FunctionalInterface
    private interface Read {
        int next() throws IOException;
    }

    private int readFromService(Read read) {
        try {
            return read.next();
        } catch (IOException e) {
            throw brokenOff(e);
        }
    }

    /** Sends the request; a refusal becomes a {@link CliException} with the service's reason. */
    private InputStream open() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        HttpRequest request = token.authorize(HttpRequest.newBuilder(uri())).timeout(RESPONSE_TIMEOUT)
                .header("Accept", accept).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw brokenOff(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the " + SERVICE, ExitCodes.FAILED, e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new CliException(token.refusal(SERVICE, response.statusCode()));
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw new CliException(ErrorBodies.describe(SERVICE, response.statusCode(), body));
        }
        return response.body();
    }

    private URI uri() {
        String base = baseUrl.toString();
        String joined = base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path;
        try {
            return URI.create(joined);
        } catch (IllegalArgumentException e) {
            throw new CliException("the " + SERVICE + " URL '" + baseUrl + "' is not a valid URL; give one such as "
                    + "http://localhost:8081", ExitCodes.USAGE, e);
        }
    }

    private static void moveInPlace(Path partial, Path target, Path asGiven) {
        try {
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cannotWrite(asGiven, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover ".part" file is harmless; the real name was never written.
        }
    }

    private static CliException cannotWrite(Path file, IOException cause) {
        return new CliException("-o: cannot write " + file + ": " + cause.getMessage(), ExitCodes.FAILED, cause);
    }

    private CliException unreachable(Exception cause) {
        return new CliException("cannot reach the " + SERVICE + " at " + baseUrl + ": is it running?",
                ExitCodes.UNREACHABLE, cause);
    }

    private CliException brokenOff(IOException cause) {
        return new CliException("the " + SERVICE + " at " + baseUrl + " broke off the download (" + cause.getMessage()
                + "); try again", ExitCodes.UNREACHABLE, cause);
    }
}
