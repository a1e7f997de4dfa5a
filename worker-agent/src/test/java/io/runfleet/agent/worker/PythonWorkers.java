package io.runfleet.agent.worker;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.WorkerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Requests for a real Python worker made of the example helper (examples/worker/template/runfleet_worker.py) and a
 * function whose parameters say what to do: sleep, die by a signal, exit, raise, or answer {@code y = 2 x} with its
 * pid.
 */
final class PythonWorkers {

    static final Path HELPER = Path.of("..", "examples", "worker", "template", "runfleet_worker.py");
    static final String SCRIPT = """
            import os, signal, time
            from runfleet_worker import serve

            def run(params, run_dir):
                time.sleep(float(params.get("sleep", 0)))
                if params.get("die"):
                    os.kill(os.getpid(), signal.SIGKILL)
                if params.get("exit"):
                    os._exit(int(params["exit"]))
                if params.get("fail"):
                    raise RuntimeError(params["fail"])
                print("working on", params.get("x"))
                with open(os.path.join(run_dir, "seen.txt"), "w") as seen:
                    seen.write(str(params.get("x")))
                return {"y": 2 * params.get("x", 0), "pid": os.getpid()}

            serve(run)
            """;

    private PythonWorkers() {
    }

    static RunSpec spec(long timeoutMillis, int recycleAfter, OutputSpec... outputs) {
        Map<String, String> files;
        try {
            files = Map.of("runfleet_worker.py", Files.readString(HELPER), "test_worker.py", SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunSpec(List.of(), false, null, Map.of(), files, timeoutMillis, List.of(outputs), "all", null, null,
                null, new WorkerSpec(List.of("python3", "-B", "test_worker.py"), recycleAfter));
    }

    static RunRequest request(String studyId, String runId, RunSpec spec, Map<String, Object> params) {
        return new RunRequest(WireMessage.SCHEMA_VERSION, studyId, runId, 0, 1, params, ParamHash.of(params), spec, 0,
                null, null);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
