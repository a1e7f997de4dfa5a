package io.runfleet.results.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.security.MessageDigest;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;

/**
 * One download of a {@link CheckedFile}: each buffer read is hashed and written, and reading pauses while the
 * connection's write queue is full until it drains. At the end a matching SHA-256 ends the answer; a mismatch, or a
 * failure once the answer has started, resets the connection, so the client sees a broken transfer rather than a
 * complete one. Every callback runs on the request's event loop, one at a time.
 */
final class CheckedFileTransfer {

    private static final Logger LOG = Logger.getLogger(CheckedFileTransfer.class);

    private final CheckedFile checked;
    private final AsyncFile file;
    private final ResteasyReactiveRequestContext request;
    private final ServerHttpResponse response;
    private final MessageDigest digest = Sha256.digest();
    private boolean finished;

    CheckedFileTransfer(CheckedFile checked, AsyncFile file, ResteasyReactiveRequestContext request) {
        this.checked = checked;
        this.file = file;
        this.request = request;
        this.response = request.serverResponse();
    }

    void start() {
        response.addDrainHandler(file::resume);
        response.addCloseHandler(this::clientLeft);
        file.exceptionHandler(this::fail);
        file.endHandler(end -> end());
        file.handler(this::send);
    }

    private void send(Buffer buffer) {
        if (finished) {
            return;
        }
        byte[] bytes = buffer.getBytes();
        digest.update(bytes);
        response.write(bytes, failure -> {
            if (failure != null) {
                fail(failure);
            }
        });
        if (response.isWriteQueueFull()) {
            file.pause();
        }
    }

    private void end() {
        if (finished) {
            return;
        }
        if (MessageDigest.isEqual(digest.digest(), checked.sha256())) {
            response.end();
        } else {
            LOG.warnf("%s no longer matches its SHA-256; its download was broken off", checked.what());
            response.reset();
        }
        finish();
        request.resume();
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finish();
        if (response.headWritten()) {
            LOG.warnf(failure, "%s: its download was broken off", checked.what());
            response.reset();
            request.resume();
        } else {
            request.resume(failure);
        }
    }

    private void clientLeft() {
        if (!finished) {
            LOG.debugf("%s: the client left before the end of its download", checked.what());
            finish();
            request.resume();
        }
    }

    private void finish() {
        finished = true;
        file.close();
    }
}
