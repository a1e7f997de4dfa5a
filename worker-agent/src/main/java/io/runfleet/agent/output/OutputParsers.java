package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsers known to this agent, by identifier; parses all outputs of a run into one map. A file larger than
 * {@code maxFileBytes} is refused before any parser reads it, and a parser stops reading one that grows past it
 * (parsers hold their file whole, and what they parse travels in the result, which has to fit one wire message
 * anyway). All outputs of a run together may take {@code parseTimeout}: a user's pattern runs outside the command's
 * timeout, so it gets one of its own.
 */
public class OutputParsers {

    /**
     * 8 MiB: half the wire's message limit, so one parsed file always leaves room for the rest of its result; and a
     * parsed JSON tree of many small values takes ten times its file's size or more, which an agent with a heap of
     * 256 MB and a few slots still holds.
     */
    public static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;
    /**
     * One minute: an ordinary pattern matches 8 MiB in well under a second, so only a pattern that backtracks without
     * end (or a heavily loaded host) comes near it, and a slot is never held for longer than that after its command.
     */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofMinutes(1);
    private static final String LIMIT_KEY = OutputLimits.BYTES_KEY;

    private final Map<String, OutputParser> byType = new TreeMap<>();
    private final long maxFileBytes;
    private final Duration parseTimeout;

    public OutputParsers(Collection<? extends OutputParser> parsers) {
        this(parsers, DEFAULT_MAX_FILE_BYTES, DEFAULT_PARSE_TIMEOUT);
    }

    /**
     * @param maxFileBytes largest file a parser reads
     * @param parseTimeout time all outputs of one run may take to parse
     */
    public OutputParsers(Collection<? extends OutputParser> parsers, long maxFileBytes, Duration parseTimeout) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException(LIMIT_KEY + " is " + maxFileBytes + "; it must be at least 1");
        }
        if (parseTimeout.isNegative() || parseTimeout.isZero()) {
            throw new IllegalArgumentException(OutputLimits.TIME_KEY + " is " + parseTimeout
                    + "; it must be positive, such as 60s");
        }
        this.maxFileBytes = maxFileBytes;
        this.parseTimeout = parseTimeout;
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
        return new OutputParsers(List.of(new JsonOutputParser(), new RegexOutputParser(), new KeyValueOutputParser(),
                new TableOutputParser(), new Hdf5OutputParser()));
    }

    /** Later outputs overwrite earlier ones of the same name. */
    public Map<String, Object> parseAll(List<OutputSpec> specs, Path runDir) throws OutputException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        OutputLimits limits = OutputLimits.startingNow(maxFileBytes, parseTimeout);
        for (OutputSpec spec : specs) {
            OutputParser parser = parserFor(spec);
            if (parser.readsWholeFile()) {
                requireReadableSize(spec, runDir);
            }
            outputs.putAll(ValueRules.apply(spec, parser.parse(spec, runDir, limits)));
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
