package io.runfleet.results.api;

import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Sends a {@link CheckedFile} read asynchronously and written as fast as the client takes it, never faster: reading
 * pauses while the connection's write queue is full and resumes when it drains, so a download holds a few read
 * buffers whatever the file's size and the client's speed. (A {@code StreamingOutput} on a worker thread let Netty
 * queue the file in direct memory ahead of a slow client, until a 1 GiB download ran out of it.)
 */
@Provider
@Produces(MediaType.WILDCARD)
public class CheckedFileWriter implements ServerMessageBodyWriter<CheckedFile> {

    /** Large enough that a download costs few reads and writes; the write queue holds about one of these. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final Vertx vertx;

    CheckedFileWriter(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
                               MediaType mediaType) {
        return CheckedFile.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return CheckedFile.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(CheckedFile file, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        request.suspend();
        context.serverResponse().setResponseHeader("Content-Length", Long.toString(file.size())).setChunked(false);
        vertx.fileSystem().open(file.file().toString(), new OpenOptions().setRead(true))
                .onSuccess(opened -> new CheckedFileTransfer(file, opened.setReadBufferSize(READ_BUFFER_BYTES)
                        .setReadLength(file.size()), request).start())
                .onFailure(request::resume);
    }

    /** Only the asynchronous {@link #writeResponse} sends a checked file; no writer interceptor is registered. */
    @Override
    public void writeTo(CheckedFile file, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new UnsupportedOperationException("a checked file is only sent through writeResponse");
    }
}
