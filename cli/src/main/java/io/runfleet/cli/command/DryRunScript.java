package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.http.ServiceClient;
import java.io.PrintWriter;

/**
 * The batch script a dry run's first allocation would get, for a study with {@code launch: {slurm: ...}}: the
 * scheduler writes it as it would for sbatch ({@code GET /studies/{id}/launch/script}), sized by the dry run's runs,
 * and nothing is submitted.
 */
final class DryRunScript {

    private DryRunScript() {
    }

    /** Prints the script when the study's launch section is slurm (its own or a named pool); nothing otherwise. */
    static void show(ServiceClient scheduler, PrintWriter err, JsonNode document, String studyId) {
        JsonNode launch = document.path("launch");
        if (!launch.has("slurm") && !launch.has("pool")) {
            return;
        }
        JsonNode next;
        try {
            next = scheduler.getJson("/studies/" + studyId + "/launch/script");
        } catch (CliException e) {
            err.println("no batch script: " + e.getMessage());
            err.println();
            return;
        }
        err.println("the batch script of the first allocation (" + next.path("nodes").asInt() + " node(s)), not"
                + " submitted; `runfleet alloc script " + studyId + "` prints it again:");
        err.print(next.path("script").asText());
        err.println();
    }
}
