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
        description = "The Slurm allocations of a study with launch: {slurm: ...} or a named pool.",
        subcommands = {AllocCommand.Resume.class, AllocCommand.Pause.class, AllocCommand.Script.class,
                AllocListCommand.class, AllocListCommand.Explain.class})
public final class AllocCommand implements Runnable {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** A subcommand: the scheduler through the {@code alloc} command, and where it writes. */
    abstract static class Subcommand implements Callable<Integer> {

        @ParentCommand
        AllocCommand alloc;

        @Spec
        CommandSpec spec;

        void report(String line) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(line);
            err.flush();
        }
    }

    /** A subcommand about one study: its id. */
    abstract static class OfStudy extends Subcommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
        String studyId;

        String path(String tail) {
            return "/studies/" + StudyIds.checked(studyId) + "/launch/" + tail;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Lets a pool submit allocations again after failed submissions or `alloc pause` paused it.")
    static final class Resume extends Subcommand {

        @Parameters(index = "0", paramLabel = "POOL|STUDY-ID",
                description = "A named pool, or a study id (its pool is resumed: its own, or the named one).")
        String target;

        @Override
        public Integer call() {
            String checked = StudyIds.checked(target);
            // a study the scheduler knows is resumed as a study (a submit token suffices), anything else as a pool
            boolean study = alloc.root.scheduler().answersOk("/studies/" + checked);
            JsonNode answer = alloc.root.scheduler().post(study ? "/studies/" + checked + "/launch/resume"
                    : "/pools/" + checked + "/resume");
            JsonNode slurm = study ? answer.path("launch").path("slurm") : answer.path("slurm");
            report((study ? "study " : "pool ") + checked + ": submitting allocations resumed"
                    + (slurm.path("pool").isTextual() && study ? " (pool " + slurm.path("pool").asText() + ")" : "")
                    + (slurm.path("explanation").isTextual() ? " (was: " + slurm.path("explanation").asText() + ")" : ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stops a pool submitting allocations until `alloc resume`; its allocations serve on.")
    static final class Pause extends Subcommand {

        @Parameters(index = "0", paramLabel = "POOL",
                description = "A named pool of the scheduler, or study-<id> for a study's own launch.slurm.")
        String pool;

        @Override
        public Integer call() {
            JsonNode answer = alloc.root.scheduler().post("/pools/" + StudyIds.checked(pool) + "/pause");
            report("pool " + pool + ": paused; no allocation is submitted until `runfleet alloc resume " + pool
                    + "` (" + answer.path("slurm").path("allocations").size() + " allocations serve on)");
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
