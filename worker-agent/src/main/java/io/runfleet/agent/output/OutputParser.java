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
     * @throws OutputException when the output is missing or does not have the expected shape
     */
    Map<String, Object> parse(OutputSpec spec, Path runDir) throws OutputException;
}
