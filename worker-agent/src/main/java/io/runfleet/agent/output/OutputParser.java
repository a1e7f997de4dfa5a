package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads one kind of output of a finished run into named values. Implementations are selected by
 * {@link OutputSpec#type()}; a new kind (csv, key=value, hdf5) is one more bean of this type.
 */
public interface OutputParser {

    /** The identifier a study names in {@code outputs[].type}. */
    String type();

    /**
     * @param runDir the run's directory; {@code spec.file()} is relative to it, with {@code stdout}
     *               and {@code stderr} naming the captured streams
     * @param limits bytes and time the parser may take: it reads through {@link OutputLimits#open} and matches
     *               over {@link OutputLimits#timed} text
     * @throws OutputException when the output is missing, does not have the expected shape, or exceeds a limit
     */
    Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException;

    /**
     * Whether the parser reads its file whole, so that a file past the agent's {@code max-parsed-output-bytes} is
     * refused before it starts; false for kinds that stream their file or read files of their own.
     */
    default boolean readsWholeFile() {
        return true;
    }
}
