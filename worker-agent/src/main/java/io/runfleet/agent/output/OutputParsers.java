package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsers known to this agent, by identifier; parses all outputs of a run into one map. A file larger than
 * {@code maxFileBytes} is refused before any parser reads it: parsers read their file whole, and what they parse
 * travels in the result, which has to fit one wire message anyway.
 */
public class OutputParsers {

    /**
     * 8 MiB: half the wire's message limit, so one parsed file always leaves room for the rest of its result; and a
     * parsed JSON tree of many small values takes ten times its file's size or more, which an agent with a heap of
     * 256 MB and a few slots still holds.
     */
    public static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;
    /** The agent setting that changes the limit, named in the refusal. */
    static final String LIMIT_KEY = "runfleet.agent.max-parsed-output-bytes";

    private final Map<String, OutputParser> byType = new TreeMap<>();
    private final long maxFileBytes;

    public OutputParsers(Collection<? extends OutputParser> parsers) {
        this(parsers, DEFAULT_MAX_FILE_BYTES);
    }

    public OutputParsers(Collection<? extends OutputParser> parsers, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException(LIMIT_KEY + " is " + maxFileBytes + "; it must be at least 1");
        }
        this.maxFileBytes = maxFileBytes;
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
            OutputParser parser = parserFor(spec);
            requireReadableSize(spec, runDir);
            outputs.putAll(parser.parse(spec, runDir));
        }
        return outputs;
    }

    /** A missing file is left to the parser, which names it in its own words. */
    private void requireReadableSize(OutputSpec spec, Path runDir) throws OutputException {
        Path file = OutputFiles.resolve(runDir, spec.file());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException missingOrUnreadable) {
            return;
        }
        if (size > maxFileBytes) {
            throw OutputException.of(spec.file(), size + " bytes, more than the limit of " + maxFileBytes
                    + " bytes for a parsed output (" + LIMIT_KEY + "); parse a smaller summary and leave bulk data in "
                    + "files, which results list by reference");
        }
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
