package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.http.ServiceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code -o FILE} of a local run: the export format named by the file's extension, checked before anything starts,
 * so that a study is never run only to find its results cannot be written.
 */
final class ResultsOutput {

    private final Path file;
    private final ResultsCommand.Format format;

    private ResultsOutput(Path file, ResultsCommand.Format format) {
        this.file = file;
        this.format = format;
    }

    /** @throws CliException naming the fix when the extension is no export format or the file cannot be written */
    static ResultsOutput checked(Path file) {
        ResultsOutput output = new ResultsOutput(file, formatOf(file));
        output.requireWritable();
        return output;
    }

    Path file() {
        return file;
    }

    /** Downloads the study's export into the file (written under a temporary name, then renamed). */
    void write(ServiceClient results, String studyId) {
        new ResultsDownload(results.baseUrl(), "/studies/" + studyId + "/results?format=" + format,
                format.mediaType(), results.token()).toFile(file);
    }

    private static ResultsCommand.Format formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(ResultsCommand.Format.values())
                .filter(format -> format != ResultsCommand.Format.table && format.name().equals(extension))
                .findFirst()
                .orElseThrow(() -> new CliException("-o " + file + ": the format is taken from the extension; give a "
                        + "name ending in " + exportExtensions(), ExitCodes.USAGE));
    }

    private static String exportExtensions() {
        return Arrays.stream(ResultsCommand.Format.values())
                .filter(format -> format != ResultsCommand.Format.table)
                .map(format -> "." + format)
                .collect(Collectors.joining(", "));
    }

    /**
     * The file is written next to itself and renamed, so its directory must be writable; a missing directory is
     * made now, as the download would.
     */
    private void requireWritable() {
        Path target = file.toAbsolutePath().normalize();
        Path directory = target.getParent();
        if (Files.isDirectory(target)) {
            throw cannotWrite("it is a directory; give a file name such as " + target.resolve("results." + format));
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw cannotWrite(directory + " is a file, not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw cannotWrite("its directory " + directory + " cannot be made (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(directory)) {
            throw cannotWrite("its directory " + directory + " is not writable");
        }
    }

    private CliException cannotWrite(String why) {
        return new CliException("-o " + file + ": cannot write the results there: " + why
                + "; give a path in a directory you can write", ExitCodes.USAGE);
    }
}
