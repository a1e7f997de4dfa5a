package io.runfleet.cli.examples;

import java.nio.file.Path;

/**
 * The Python unit tests of the persistent worker example (examples/worker/test_runfleet_worker.py: the helper's
 * request handling, errors as error lines, a real worker process). The agent's WorkerPoolTest and the system test
 * PersistentWorkerIT run the helper behind the real agent.
 */
class WorkerExampleTest extends PythonUnitTests {

    @Override
    Path example() {
        return Path.of("..", "examples", "worker");
    }
}
