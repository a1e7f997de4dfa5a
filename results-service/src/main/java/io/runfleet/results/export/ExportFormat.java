package io.runfleet.results.export;

import io.runfleet.results.store.AttemptReader;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The formats of the results table: the name a client asks for ({@code ?format=}), the media type it
 * is served as and the writer that streams it. Every writer writes the rows while they are read.
 */
public enum ExportFormat {

    JSON("json", MediaType.APPLICATION_JSON_TYPE, null),
    JSON_LINES("jsonl", new MediaType("application", "x-ndjson"), "jsonl"),
    CSV("csv", new MediaType("text", "csv", "utf-8"), "csv"),
    PARQUET("parquet", new MediaType("application", "vnd.apache.parquet"), "parquet");

    private final String parameter;
    private final MediaType mediaType;
    private final String fileExtension;

    ExportFormat(String parameter, MediaType mediaType, String fileExtension) {
        this.parameter = parameter;
        this.mediaType = mediaType;
        this.fileExtension = fileExtension;
    }

    /** The value of {@code ?format=} that asks for this format. */
    public String parameter() {
        return parameter;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** The extension of a saved export, or empty for JSON, which is served inline rather than as a download. */
    public Optional<String> fileExtension() {
        return Optional.ofNullable(fileExtension);
    }

    public StreamingOutput writer(AttemptReader reader, String studyId) {
        return switch (this) {
            case JSON -> JsonArrayWriter.results(reader, studyId);
            case JSON_LINES -> new JsonLinesWriter(reader, studyId);
            case CSV -> new CsvResultsWriter(reader, studyId);
            case PARQUET -> new ParquetResultsWriter(reader, studyId);
        };
    }

    public static Optional<ExportFormat> byParameter(String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.parameter.equals(wanted)).findFirst();
    }

    /**
     * The format served as this media type, ignoring parameters such as charset; for a wildcard
     * subtype ({@code text/*}) the first format of that type; none for {@code *}{@code /*}.
     */
    public static Optional<ExportFormat> byMediaType(MediaType accepted) {
        if (accepted.isWildcardType()) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(format -> format.mediaType.getType().equalsIgnoreCase(accepted.getType())
                        && (accepted.isWildcardSubtype()
                        || format.mediaType.getSubtype().equalsIgnoreCase(accepted.getSubtype())))
                .findFirst();
    }

    /** {@code format=json, format=jsonl, ...}, for error messages. */
    public static String choices() {
        return Arrays.stream(values()).map(format -> "format=" + format.parameter).collect(Collectors.joining(", "));
    }
}
