package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The parsers known to this agent, by identifier; parses all outputs of a run into one map. */
public class OutputParsers {

    private final Map<String, OutputParser> byType = new TreeMap<>();

    public OutputParsers(Collection<? extends OutputParser> parsers) {
        for (OutputParser parser : parsers) {
            OutputParser previous = byType.put(parser.type(), parser);
            if (previous != null) {
                throw new IllegalStateException("two output parsers claim type '" + parser.type() + "': "
                        + previous.getClass().getName() + " and " + parser.getClass().getName());
            }
        }
    }

    /** The parsers that ship with the agent. */
    public static OutputParsers standard() {
        return new OutputParsers(List.of(new JsonOutputParser(), new RegexOutputParser()));
    }

    /** Later outputs overwrite earlier ones of the same name. */
    public Map<String, Object> parseAll(List<OutputSpec> specs, Path runDir) throws OutputException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (OutputSpec spec : specs) {
            outputs.putAll(parserFor(spec).parse(spec, runDir));
        }
        return outputs;
    }

    private OutputParser parserFor(OutputSpec spec) throws OutputException {
        OutputParser parser = spec.type() == null ? null : byType.get(spec.type());
        if (parser == null) {
            throw new OutputException("output type '" + spec.type() + "' is unknown; this agent reads "
                    + String.join(", ", byType.keySet()));
        }
        return parser;
    }
}
