package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.study.StudyStages;
import io.runfleet.cli.table.ResultsTableView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = {"Prints or saves a study's results: one row per run, parameters, outputs "
        + "and bookkeeping columns (_run_id, _state, _runtime_s, ...).",
        "The table shows the main columns; csv, json, jsonl and parquet carry every column and are "
        + "streamed as the results service writes them. parquet is binary: give -o FILE or redirect "
        + "standard output."})
public final class ResultsCommand implements Callable<Integer> {

    /** How results are written: the service's export formats, or a text table for people. */
    public enum Format {
        csv("text/csv"),
        json("application/json"),
        table("application/json"),
        jsonl("application/x-ndjson"),
        parquet("application/vnd.apache.parquet");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        boolean isBinary() {
            return this == parquet;
        }

        String mediaType() {
            return mediaType;
        }
    }

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--format", paramLabel = "csv|json|jsonl|parquet|table",
            description = "Output format; default: table on a terminal, csv otherwise.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--stage", paramLabel = "NAME",
            description = "Only the runs of this stage (main for the study's own runs); default: every stage.")
    String stage;

    /** Whether standard output is a terminal, where binary output is refused; tests replace it. */
    BooleanSupplier standardOutputIsTerminal = ResultsCommand::standardOutputIsTerminal;

    /**
     * Where exports go without {@code -o}: standard output as bytes, since exports are UTF-8 text or
     * binary and must not be re-encoded in the platform's charset; tests replace it.
     */
    Supplier<OutputStream> standardOutput = () -> System.out;

    @Override
    public Integer call() {
        Format chosen = format != null ? format : (output == null && Terminal.isInteractive() ? Format.table : Format.csv);
        String id = StudyIds.checked(studyId);
        if (chosen.isBinary() && output == null && standardOutputIsTerminal.getAsBoolean()) {
            throw new CliException("--format " + chosen + " is binary and standard output is a terminal: give -o FILE "
                    + "or redirect it (runfleet results " + id + " --format " + chosen + " > " + id + "-results."
                    + chosen + ")", ExitCodes.USAGE);
        }
        checkStudyAndStage(id);
        if (chosen == Format.table) {
            JsonNode rows = root.results().getJson(path(id, Format.json, stage));
            if (rows.isEmpty()) {
                spec.commandLine().getErr().println("study " + id + " has no results yet");
            } else {
                print(ResultsTableView.render(rows));
            }
            return ExitCodes.OK;
        }
        ResultsDownload download = new ResultsDownload(root.results().baseUrl(), path(id, chosen, stage),
                chosen.mediaType, root.results().token());
        if (output != null) {
            download.toFile(output);
            spec.commandLine().getErr().println("wrote " + output);
        } else {
            toStandardOutput(download, standardOutput.get());
        }
        return ExitCodes.OK;
    }

    /**
     * The results service knows a study only once results arrive, so an unknown id would read as an empty table:
     * the scheduler, which knows every study and its stages, is asked first. When it cannot be reached the results
     * service alone answers, with a note.
     */
    private void checkStudyAndStage(String id) {
        ServiceClient scheduler = root.scheduler();
        try {
            scheduler.getJson("/studies/" + id);
            if (stage != null) {
                List<String> stages = StudyStages.of(scheduler.getText("/studies/" + id + "/document", "*/*"));
                if (!stages.contains(stage)) {
                    throw new CliException("study " + id + " has no stage '" + stage + "' (stages: "
                            + String.join(", ", stages) + ")");
                }
            }
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.UNREACHABLE) {
                throw e;
            }
            spec.commandLine().getErr().println("runfleet: " + e.getMessage() + " (study " + id
                    + " not checked; showing what the results service has)");
        }
    }

    private static String path(String studyId, Format format, String stage) {
        String path = "/studies/" + studyId + "/results?format=" + format;
        return stage == null ? path : path + "&stage=" + URLEncoder.encode(stage, StandardCharsets.UTF_8);
    }

    private void print(String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
    }

    private static void toStandardOutput(ResultsDownload download, OutputStream out) {
        try {
            download.toStream(out);
        } catch (IOException e) {
            throw new CliException("cannot write to standard output: " + e.getMessage(), ExitCodes.FAILED, e);
        }
        if (out instanceof PrintStream printStream && printStream.checkError()) {
            throw new CliException("writing to standard output failed (closed pipe or full disk?)", ExitCodes.FAILED);
        }
    }

    private static boolean standardOutputIsTerminal() {
        return System.console() != null || Terminal.isTerminal(1);
    }
}
