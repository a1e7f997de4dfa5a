package io.runfleet.wire.fuzz;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Well-formed messages of every type the wire carries, with the values real writers send (ids, unicode text,
 * parameters of every JSON kind). The starting point of the mutations: each must decode as it was written.
 */
final class ValidWireMessages {

    /** Every record type that crosses the wire; a new one must be added here to be fuzzed. */
    static final List<Class<? extends WireMessage>> TYPES = List.of(RunRequest.class, RunResult.class,
            RunCompleted.class, AgentReport.class, CancelRuns.class);

    private ValidWireMessages() {
    }

    static Arbitrary<WireMessage> any() {
        return Arbitraries.oneOf(runRequests(), runResults(), runCompleted(), agentReports(), cancelRuns());
    }

    static Arbitrary<WireMessage> runRequests() {
        return Combinators.combine(ids(), ids(), Arbitraries.longs().greaterOrEqual(0), attempts(), params(),
                        specs(), text(), Arbitraries.of("main", "refine"))
                .as((study, run, seq, attempt, params, spec, hash, stage) -> new RunRequest(WireMessage.SCHEMA_VERSION,
                        study, run, seq, attempt, params, hash, spec, 1_000, stage, stage.equals("main") ? null : run));
    }

    static Arbitrary<WireMessage> runResults() {
        return Combinators.combine(ids(), ids(), attempts(), params(), Arbitraries.of(RunOutcome.class),
                        exitCodes(), text(), instants())
                .as((study, run, attempt, params, outcome, exit, text, at) -> new RunResult(
                        WireMessage.SCHEMA_VERSION, study, run, 3, attempt, params, "hash", outcome, exit, params,
                        text, text, "agent-1", "node-1", at, at, "main", null, null));
    }

    static Arbitrary<WireMessage> runCompleted() {
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(1), ids(), ids(), attempts(),
                        Arbitraries.of(RunOutcome.class), exitCodes(), params(), instants())
                .as((event, study, run, attempt, outcome, exit, outputs, at) -> new RunCompleted(
                        WireMessage.SCHEMA_VERSION, event, study, run, 0, attempt, outcome, exit, outputs, null,
                        "agent-1", "node-1", at, at));
    }

    static Arbitrary<WireMessage> agentReports() {
        return Combinators.combine(Arbitraries.of(AgentReport.Kind.class), ids(), text(), instants(), refs())
                .as((kind, agent, host, at, runs) -> new AgentReport(WireMessage.SCHEMA_VERSION, kind, agent, host,
                        at, runs, kind == AgentReport.Kind.RELEASED ? "draining" : null));
    }

    static Arbitrary<WireMessage> cancelRuns() {
        return Combinators.combine(refs(), text())
                .as((runs, reason) -> new CancelRuns(WireMessage.SCHEMA_VERSION, runs, reason));
    }

    private static Arbitrary<RunSpec> specs() {
        Arbitrary<List<String>> command = text().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Map<String, String>> strings = Arbitraries.maps(ids(), text()).ofMaxSize(3);
        Arbitrary<List<OutputSpec>> outputs = Arbitraries.of(
                new OutputSpec(OutputSpec.JSON, "result.json", null),
                new OutputSpec(OutputSpec.REGEX, OutputSpec.STDOUT, "e=(?<e>\\S+)")).list().ofMaxSize(2);
        return Combinators.combine(command, Arbitraries.of(true, false), strings, strings,
                        Arbitraries.longs().between(0, 86_400_000), outputs, Arbitraries.of("all", "none"))
                .as((cmd, shell, env, files, timeout, outs, keep) -> new RunSpec(cmd, shell, null, env, files,
                        timeout, outs, keep));
    }

    private static Arbitrary<List<RunRef>> refs() {
        return Combinators.combine(ids(), attempts()).as(RunRef::new).list().ofMaxSize(4);
    }

    /** Parameter and output maps: the wire carries any JSON value there, nested ones included. */
    private static Arbitrary<Map<String, Object>> params() {
        // A long that fits an int is read back as an Integer, so only longs past the int range stay equal.
        Arbitrary<Long> longs = Arbitraries.longs().filter(l -> l != (int) l.longValue());
        Arbitrary<Object> value = Arbitraries.oneOf(text(), Arbitraries.integers(), longs,
                Arbitraries.doubles(), Arbitraries.of(true, false), text().list().ofMaxSize(3).map(l -> (Object) l));
        return Arbitraries.maps(ids(), value).ofMaxSize(4);
    }

    private static Arbitrary<Integer> attempts() {
        return Arbitraries.integers().between(1, 1_000);
    }

    private static Arbitrary<Integer> exitCodes() {
        return Arbitraries.integers().between(-255, 255).injectNull(0.3);
    }

    private static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli).injectNull(0.2);
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(16);
    }

    /** Free text as people write it: any unicode, including empty strings and line breaks. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(40);
    }
}
