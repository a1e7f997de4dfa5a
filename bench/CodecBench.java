// Microseconds per WireCodec encode and decode of realistic messages, after warm-up. Run from the repository root:
//
//   bench/run.sh codec [ROUNDS [OPS]]
//
// which does:
//   ./mvnw -B -q -pl wire -am -Dquarkus.build.skip=true -DskipTests compile dependency:build-classpath \
//       -Dmdep.outputFile=/tmp/wire-cp.txt -Dmdep.includeScope=compile
//   java -cp wire/target/classes:$(cat /tmp/wire-cp.txt) bench/CodecBench.java
//
// Optional arguments: rounds (default 5) and operations per round (default 200000).

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.SamplerPoint;
import io.runfleet.wire.StepRecord;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class CodecBench {

    static volatile Object sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        List<WireMessage> messages = messages();
        for (int round = 0; round < rounds; round++) {
            boolean last = round == rounds - 1;
            if (round == 0 || last) {
                System.out.println(last ? "measured (last round):" : "warm-up (first round):");
            }
            for (WireMessage message : messages) {
                double encode = encodeMicros(message, operations);
                double decode = decodeMicros(message, operations);
                if (round == 0 || last) {
                    System.out.printf(Locale.ROOT, "  %-28s %5d bytes  encode %6.2f us  decode %6.2f us%n",
                            label(message), WireCodec.encode(message).length, encode, decode);
                }
            }
        }
    }

    static double encodeMicros(WireMessage message, int operations) {
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            sink = WireCodec.encode(message);
        }
        return (System.nanoTime() - start) / 1000.0 / operations;
    }

    static double decodeMicros(WireMessage message, int operations) {
        byte[] bytes = WireCodec.encode(message);
        Class<? extends WireMessage> type = message.getClass();
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            sink = WireCodec.decode(bytes, type);
        }
        return (System.nanoTime() - start) / 1000.0 / operations;
    }

    static String label(WireMessage message) {
        String name = message.getClass().getSimpleName();
        return message instanceof AgentReport report ? name + " " + report.kind() : name;
    }

    static List<WireMessage> messages() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("alpha", 0.125);
        params.put("mesh", "fine");
        params.put("iterations", 400);
        RunSpec spec = new RunSpec(List.of("solver", "--input", "case.in", "--alpha", "{{alpha}}"), false, null,
                Map.of("OMP_NUM_THREADS", "4"), Map.of("case.in", "mesh = {{mesh}}\niterations = {{iterations}}\n"),
                600_000L, List.of(new OutputSpec("json", "out.json", null)), RunSpec.KEEP_FAILED);
        String studyId = "study-2026-12-07-a1b2c3";
        String runId = "run-000042-9f8e7d6c";
        RunRequest request = new RunRequest(1, studyId, runId, 42, 1, params, "3f786850e387550fdab836ed7e6dc881de23001b",
                spec, 10_000L, "first", null, "cpu", new SamplerPoint(null, 2));
        Instant started = Instant.parse("2026-12-07T11:42:28.123456789Z");
        Instant ended = Instant.parse("2026-12-07T11:43:01.5Z");
        AgentReport report = new AgentReport(1, AgentReport.Kind.STARTED, "agent-node17-3", "node17.cluster.local",
                started, List.of(new RunRef(runId, 1)), null);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("residual", 1.25e-7);
        outputs.put("converged", true);
        outputs.put("wallSeconds", 32.4);
        outputs.put("history", List.of(1.0, 0.1, 0.01));
        RunResult result = new RunResult(1, studyId, runId, 42, 1, params, "3f786850e387550fdab836ed7e6dc881de23001b",
                RunOutcome.SUCCEEDED, 0, outputs, null, "", "agent-node17-3", "node17.cluster.local", started, ended,
                "first", null, null, new SamplerPoint(null, 2),
                List.of(new StepRecord("solve", RunOutcome.SUCCEEDED, 0, 32_400L)));
        RunCompleted completed = new RunCompleted(1, 90_211L, studyId, runId, 42, 1, RunOutcome.SUCCEEDED, 0, outputs,
                null, "agent-node17-3", "node17.cluster.local", started, ended, 42L, params, new SamplerPoint(null, 2));
        return List.of(request, report, result, completed);
    }
}
