package io.runfleet.scheduler.api;

/** A request that cannot be served, with the HTTP status to answer. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException notFound(String studyId) {
        return new ApiException(404, "no study with id '" + studyId + "'; GET /studies lists the known ones");
    }
}
