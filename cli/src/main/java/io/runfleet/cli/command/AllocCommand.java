package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "alloc", mixinStandardHelpOptions = true,
        description = "The Slurm allocations of a study with launch: {slurm: ...}.",
        subcommands = {AllocCommand.Resume.class, AllocCommand.Script.class, AllocListCommand.class,
                AllocListCommand.Explain.class})
public final class AllocCommand implements Runnable {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** A subcommand about one study: its id, and the scheduler through the {@code alloc} command. */
    abstract static class OfStudy implements Callable<Integer> {

        @ParentCommand
        AllocCommand alloc;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
        String studyId;

        String path(String tail) {
            return "/studies/" + StudyIds.checked(studyId) + "/launch/" + tail;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Lets the study submit allocations again after failed submissions paused it.")
    static final class Resume extends OfStudy {

        @Override
        public Integer call() {
            JsonNode study = alloc.root.scheduler().post(path("resume"));
            JsonNode slurm = study.path("launch").path("slurm");
            PrintWriter err = spec.commandLine().getErr();
            err.println("study " + studyId + ": submitting allocations resumed"
                    + (slurm.path("explanation").isTextual() ? " (was: " + slurm.path("explanation").asText() + ")" : ""));
            err.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "script", mixinStandardHelpOptions = true,
            description = "Prints the batch script the study's next allocation would get, without submitting it.")
    static final class Script extends OfStudy {

        @Override
        public Integer call() {
            JsonNode next = alloc.root.scheduler().getJson(path("script"));
            PrintWriter out = spec.commandLine().getOut();
            out.print(next.path("script").asText());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
