package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code podman system service} of the test's own, serving the Docker API on a Unix socket for
 * docker-compose; stopped (this process only) on {@link #close()}. Not finding it answering is a failure.
 */
final class PodmanApiService implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path socket;
    private final Process process;

    private PodmanApiService(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
    }

    /** Starts the service on {@code <dir>/podman.sock}, logging to {@code log}, with podman's {@code environment}. */
    static PodmanApiService start(Path dir, Path log, Map<String, String> environment) {
        Path socket = dir.resolve("podman.sock");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(socket);
            ProcessBuilder builder = new ProcessBuilder(List.of("podman", "system", "service", "--time=0", "unix://" + socket))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            PodmanApiService service = new PodmanApiService(socket, builder.start());
            try {
                service.awaitAnswer(log);
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `podman system service`; " + Podman.SETUP_HINT, e);
        }
    }

    private void awaitAnswer(Path log) {
        await("podman API on " + socket + " (log " + log + ")")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("podman system service exited with " + process.exitValue()
                                + ": " + Files.readString(log).strip() + "; " + Podman.SETUP_HINT);
                    }
                    return pings();
                });
    }

    /** Whether {@code GET /_ping} answers 200 over the socket. */
    private boolean pings() {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: podman\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            channel.read(answer);
            // "HTTP/1.0 200 OK": the service answers in the request's protocol version
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).matches("(?s)HTTP/1\\.\\d 200 .*");
        } catch (IOException e) {
            return false;
        }
    }

    /** The value of DOCKER_HOST that points docker-compose here. */
    String dockerHost() {
        return "unix://" + socket;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
