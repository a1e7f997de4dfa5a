package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.DataDirLock;
import io.runfleet.cli.launch.StackMember;
import io.runfleet.cli.launch.StackState;
import io.runfleet.cli.launch.StackStopper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stops the stack `runfleet up` keeps in the data directory: the agents first (they finish "
                + "reporting), then the scheduler, then the results service; SIGTERM, and SIGKILL after a grace period.",
        "The studies, results and logs stay in the data directory; `runfleet up` starts the stack again."})
public final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackDataDir data;

    @Override
    public Integer call() throws InterruptedException {
        Path data = this.data.resolve();
        PrintWriter err = spec.commandLine().getErr();
        try (DataDirLock lock = DataDirLock.acquireForStack(data)) {
            Optional<StackState> state = StackState.read(data);
            List<StackMember> running = state.map(StackState::members).orElse(List.of()).stream()
                    .filter(StackMember::isRunning).toList();
            if (running.isEmpty()) {
                state.ifPresent(stale -> StackState.delete(data));
                err.println("no stack runs in " + data + "; nothing to stop");
                err.flush();
                return ExitCodes.OK;
            }
            List<StackMember> left = new ArrayList<>();
            left.addAll(stop(running, StackMember.Role.AGENT, StackStopper.AGENT_GRACE, err));
            left.addAll(stop(running, StackMember.Role.SCHEDULER, StackStopper.SERVICE_GRACE, err));
            left.addAll(stop(running, StackMember.Role.RESULTS, StackStopper.SERVICE_GRACE, err));
            if (!left.isEmpty()) {
                throw new CliException("could not stop " + left.stream().map(member -> member.name() + " (pid "
                        + member.pid() + ")").collect(Collectors.joining(", ")) + "; stop it by hand (kill -9 PID), "
                        + "then run `runfleet down` again", ExitCodes.FAILED);
            }
            StackState.delete(data);
            err.println("stack in " + data + " stopped; its studies, results and logs stay there");
            err.flush();
            return ExitCodes.OK;
        }
    }

    private static List<StackMember> stop(List<StackMember> running, StackMember.Role role, Duration grace,
                                          PrintWriter err) throws InterruptedException {
        List<StackMember> group = running.stream().filter(member -> member.role() == role).toList();
        if (group.isEmpty()) {
            return List.of();
        }
        err.println("stopping " + group.stream().map(member -> member.name() + " (pid " + member.pid() + ")")
                .collect(Collectors.joining(", ")) + "...");
        err.flush();
        return StackStopper.stop(group, grace);
    }
}
