package io.runfleet.cli.examples;

import java.nio.file.Path;

/**
 * The Python unit tests of the ask/tell example (examples/ask-tell/test_asktell.py: the SSE parser, reconnects with
 * Last-Event-ID, the driver against an in-memory fake of the services). The system test AskTellIT runs the driver
 * against the real services.
 */
class AskTellExampleTest extends PythonUnitTests {

    @Override
    Path example() {
        return Path.of("..", "examples", "ask-tell");
    }
}
