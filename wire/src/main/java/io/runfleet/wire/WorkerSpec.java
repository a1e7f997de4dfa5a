package io.runfleet.wire;

import java.util.List;

/**
 * A persistent worker process, started once per slot of an agent and fed one JSON request per line on stdin
 * (docs/worker-protocol.md), instead of a process per run.
 *
 * @param command      argument list of the worker; placeholders are not rendered (it serves many runs)
 * @param recycleAfter restart the worker after this many runs; 0 means never
 */
public record WorkerSpec(List<String> command, int recycleAfter) {

    public WorkerSpec {
        command = NullFree.list(command, "command");
    }
}
