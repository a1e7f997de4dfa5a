package io.runfleet.cli.command;

import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.StackMember;
import io.runfleet.cli.launch.StackState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"Shows the processes of the stack `runfleet up` keeps in the data directory: name, pid, "
                + "running or dead, address, uptime and the runs each agent holds.",
        "Exit 0 when every process runs; 1 when one is dead (`runfleet up` restarts it) or no stack was started."})
public final class PsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackDataDir data;

    @Override
    public Integer call() {
        Path data = this.data.resolve();
        String option = StackDataDir.option(data);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<StackState> state = StackState.read(data);
        if (state.isEmpty()) {
            err.println("no stack runs in " + data + "; start one with `runfleet up" + option + "`");
            err.flush();
            return ExitCodes.FAILED;
        }
        out.print(StackReport.table(data, state.get()));
        out.flush();
        List<String> dead = state.get().members().stream().filter(member -> !member.isRunning())
                .map(StackMember::name).toList();
        if (dead.isEmpty()) {
            return ExitCodes.OK;
        }
        err.println(String.join(", ", dead) + (dead.size() == 1 ? " is" : " are") + " dead; `runfleet up" + option
                + "` restarts " + (dead.size() == 1 ? "it" : "them") + " (logs in " + data.resolve("logs") + ")");
        err.flush();
        return ExitCodes.FAILED;
    }
}
