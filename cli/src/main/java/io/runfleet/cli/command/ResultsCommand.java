package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.table.ResultsTableView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = {"Prints or saves a study's results: one row per run, parameters, outputs "
        + "and bookkeeping columns (_run_id, _state, _runtime_s, ...).",
        "The table shows the main columns; csv and json carry every column."})
public final class ResultsCommand implements Callable<Integer> {

    /** How results are written. */
    public enum Format { csv, json, table }

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--format", paramLabel = "csv|json|table",
            description = "Output format; default: table on a terminal, csv otherwise.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        Format chosen = format != null ? format : (output == null && Terminal.isInteractive() ? Format.table : Format.csv);
        String text = fetch(root.results(), StudyIds.checked(studyId), chosen);
        if (output == null) {
            var out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            write(output, text);
            spec.commandLine().getErr().println("wrote " + output);
        }
        return ExitCodes.OK;
    }

    static String fetch(ServiceClient results, String studyId, Format format) {
        String path = "/studies/" + studyId + "/results";
        return switch (format) {
            case csv -> results.getText(path + "?format=csv", "text/csv");
            case json -> results.getText(path + "?format=json", "application/json");
            case table -> ResultsTableView.render(results.getJson(path + "?format=json"));
        };
    }

    static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("-o: cannot write " + file + ": " + e.getMessage(), ExitCodes.FAILED, e);
        }
    }
}
