package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.launch.StackMember;
import io.runfleet.cli.launch.StackState;
import io.runfleet.cli.table.StackTableView;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The table of a kept stack's processes, with the runs each agent holds as the scheduler's {@code GET /agents} says. */
final class StackReport {

    private StackReport() {
    }

    static String table(Path dataDir, StackState state) {
        Optional<Map<String, Long>> runsHeld = runsHeld(dataDir, state);
        return StackTableView.render(state.members(), runsHeld.orElse(Map.of()), runsHeld.isPresent(), Instant.now());
    }

    /** By agent id; empty when the scheduler does not run or does not answer. */
    private static Optional<Map<String, Long>> runsHeld(Path dataDir, StackState state) {
        Optional<StackMember> scheduler = state.members().stream()
                .filter(member -> member.role() == StackMember.Role.SCHEDULER && member.isRunning()).findFirst();
        if (scheduler.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode agents = new ServiceClient("scheduler", URI.create(scheduler.get().address()),
                    ApiToken.fromDataDir(dataDir)).getJson("/agents");
            Map<String, Long> held = new HashMap<>();
            agents.forEach(agent -> held.put(agent.path("id").asText(), agent.path("runsHeld").asLong()));
            return Optional.of(held);
        } catch (CliException e) {
            return Optional.empty();
        }
    }
}
