package io.runfleet.cli.launch;

import io.runfleet.wire.ServiceJvmOptions;
import java.nio.file.Path;

/**
 * The command lines of a local stack's processes: the embedded (H2) or PostgreSQL build of each service and the
 * agents, on the stack's ports, sharing the data directory (tokens, CurveZMQ keys, H2 files, run directories).
 */
final class StackCommands {

    static final String LOOPBACK = "127.0.0.1";

    private final Installation installation;
    private final Path dataDir;
    private final LocalStack.Ports ports;
    private final String database;
    private final LogRotation rotation;

    /**
     * @param database {@link StackState#H2}, or the PostgreSQL JDBC URL of both services
     * @param rotation the logging of a stack that stays up; null for a console log (a stack of one {@code run})
     */
    StackCommands(Installation installation, Path dataDir, LocalStack.Ports ports, String database,
                  LogRotation rotation) {
        this.installation = installation;
        this.dataDir = dataDir;
        this.ports = ports;
        this.database = database;
        this.rotation = rotation;
    }

    JavaCommand results(Path logFile) {
        return service(StackState.H2.equals(database) ? installation.embeddedResults() : installation.results(), logFile)
                .property("quarkus.http.port", ports.resultsHttp())
                .property("runfleet.results.zmq-bind", zmq(ports.resultsZmq()))
                .property("runfleet.results.events-bind", zmq(ports.resultsEvents()))
                .property("runfleet.results.scheduler-endpoint", zmq(ports.schedulerZmq()));
    }

    JavaCommand scheduler(Path logFile) {
        return service(StackState.H2.equals(database) ? installation.embeddedScheduler() : installation.scheduler(),
                logFile)
                .property("quarkus.http.port", ports.schedulerHttp())
                .property("runfleet.scheduler.zmq-bind", zmq(ports.schedulerZmq()))
                .property("runfleet.scheduler.control-bind", zmq(ports.schedulerControl()))
                .property("runfleet.scheduler.control-endpoint", zmq(ports.schedulerControl()))
                .property("runfleet.scheduler.results-endpoint", zmq(ports.resultsZmq()))
                // agents the scheduler launches for a study with a launch section run this installation's jar
                .property("runfleet.launch.agent-app", installation.workerAgent().getParent());
    }

    JavaCommand agent(String id, int slots, Path logFile) {
        JavaCommand command = AgentJvm.command(installation.workerAgent())
                .property("runfleet.agent.connect", zmq(ports.schedulerZmq()))
                .property("runfleet.agent.slots", slots)
                .property("runfleet.agent.id", id)
                .property("runfleet.agent.work-dir", dataDir.resolve("work").resolve(id))
                // CurveZMQ: the agents take the local agent key and the scheduler's public key from the
                // keyring the services made in the data directory
                .property("runfleet.data-dir", dataDir);
        return rotation == null ? command : rotation.apply(command, logFile);
    }

    private JavaCommand service(Path jar, Path logFile) {
        JavaCommand command = new JavaCommand(jar, ServiceJvmOptions.withMaxHeap("512m"))
                .property("runfleet.data-dir", dataDir)
                .property("quarkus.http.host", LOOPBACK);
        if (StackState.H2.equals(database)) {
            command.property("quarkus.profile", "embedded");
        } else {
            // user and password come from RUNFLEET_DB_USER and RUNFLEET_DB_PASSWORD, which the services read
            // themselves: a password on a command line would be visible to every user of the machine
            command.property("quarkus.datasource.jdbc.url", database);
        }
        return rotation == null ? command : rotation.apply(command, logFile);
    }

    static String zmq(int port) {
        return "tcp://" + LOOPBACK + ":" + port;
    }
}
