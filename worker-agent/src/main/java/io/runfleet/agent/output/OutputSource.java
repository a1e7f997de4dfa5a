package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file one output entry reads, for the messages of its failures: {@code output 'loss' from table data.txt:
 * column 'loss' not found}, or, for the file as a whole, {@code output data.txt: missing}.
 */
record OutputSource(String kind, String file) {

    static OutputSource of(OutputSpec spec) {
        return new OutputSource(spec.type(), spec.file());
    }

    /** A failure of the whole entry: its file is missing, unreadable or malformed. */
    OutputException fail(String reason) {
        return OutputException.of(file, reason);
    }

    /** A failure of one named output. */
    OutputException fail(String output, String reason) {
        return new OutputException("output '" + output + "' from " + kind + " " + file + ": " + reason);
    }

    /** The whole file as UTF-8 text, within the byte limit. */
    String readText(Path runDir, OutputLimits limits) throws OutputException {
        Path path = OutputFiles.resolve(runDir, file);
        try {
            return new String(limits.readAll(path), StandardCharsets.UTF_8);
        } catch (OutputLimits.TooLarge e) {
            throw fail(limits.tooLargeReason());
        } catch (NoSuchFileException e) {
            throw fail("missing (the command did not write it)");
        } catch (IOException e) {
            throw fail("unreadable: " + e.getMessage());
        }
    }
}
