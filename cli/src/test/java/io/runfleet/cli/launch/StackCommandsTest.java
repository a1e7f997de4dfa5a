package io.runfleet.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.AgentJvmOptions;
import io.runfleet.wire.ServiceJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCommandsTest {

    @TempDir
    Path home;

    @Test
    void bothServicesStartWithTheServiceJvmOptionsAndTheAgentsWithTheirOwn() throws IOException {
        for (String jar : List.of("scheduler-service/target/embedded", "results-service/target/embedded",
                "worker-agent/target")) {
            Path file = home.resolve(jar).resolve("quarkus-app/quarkus-run.jar");
            Files.createDirectories(file.getParent());
            Files.createFile(file);
        }
        StackCommands commands = new StackCommands(new Installation(home), home.resolve("data"),
                new LocalStack.Ports(8080, 8081, 5555, 5556, 5557, 5558), StackState.H2, null);

        for (List<String> service : List.of(commands.scheduler(null).toList(), commands.results(null).toList())) {
            List<String> jvmOptions = service.subList(1, service.indexOf("-jar"));
            assertThat(jvmOptions).containsAll(ServiceJvmOptions.OPTIONS).contains("-Xmx512m")
                    .doesNotContainAnyElementsOf(List.of("-Xms16m", "-Xmx256m"));
        }
        List<String> agent = commands.agent("agent-1", 2, null).toList();
        assertThat(agent.subList(1, agent.indexOf("-jar"))).containsSequence(AgentJvmOptions.OPTIONS);
    }
}
