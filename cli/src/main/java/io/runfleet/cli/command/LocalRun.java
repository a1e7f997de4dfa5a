package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.launch.DataDirLock;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.launch.LocalStack;
import io.runfleet.cli.progress.StudyStatus;
import io.runfleet.cli.progress.StudyWatcher;
import io.runfleet.cli.provenance.SubmissionOrigin;
import io.runfleet.cli.study.StudyFile;
import io.runfleet.cli.table.ResultsTableView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One study on a stack of its own, from start to stop: the path of {@code run} and {@code demo}. Starts the embedded
 * services and local agents in the data directory, submits the study (or goes on with one stored there), shows
 * progress, says how the study ended and why runs failed (standard error), prints the results table (standard
 * output), writes the export, and stops everything it started: at the end, on failure and on Ctrl-C. The study, its
 * runs and results stay in the data directory for {@code run --resume}.
 */
final class LocalRun {

    /** The shell's convention for a command ended by SIGINT; the JVM exits with it after the shutdown hooks. */
    static final int INTERRUPTED = 130;

    /** How the stack is sized and where it keeps its files. */
    record Settings(Path dataDir, int agents, int slotsPerAgent, int schedulerPort, Duration startTimeout) {
    }

    /** What the stack runs: a study document, or a study already in the data directory. */
    sealed interface Study permits Submit, Resume {
    }

    record Submit(StudyFile document, Path file) implements Study {
    }

    /** @param studyId the study to go on with, or empty for the newest unfinished one */
    record Resume(String studyId) implements Study {
    }

    private final Installation installation;
    private final Settings settings;
    private final Path dataDir;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param out the results table
     * @param err everything else: start-up, progress, the outcome, failures
     */
    LocalRun(Installation installation, Settings settings, PrintWriter out, PrintWriter err) {
        this.installation = installation;
        this.settings = settings;
        this.dataDir = settings.dataDir().toAbsolutePath().normalize();
        this.out = out;
        this.err = err;
    }

    /**
     * @param output where to write the export, or null
     * @return OK when every run succeeded, FAILED otherwise, INTERRUPTED after Ctrl-C
     */
    int run(Study study, ResultsOutput output) throws InterruptedException {
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            LocalStack stack = new LocalStack(installation, dataDir, err, settings.schedulerPort());
            Interruption interruption = new Interruption(stack, dataDir, err);
            Thread hook = new Thread(interruption::stop, "runfleet-run-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return runOn(stack, study, output, interruption);
            } catch (RuntimeException e) {
                if (interruption.hasStarted()) {
                    // The services went away under this thread because of Ctrl-C: the hook reports, not this error.
                    hook.join();
                    return INTERRUPTED;
                }
                throw e;
            } finally {
                // The hook stays registered until the stack is down: a Ctrl-C while it stops still waits for it.
                stack.close();
                removeHook(hook);
            }
        }
    }

    private int runOn(LocalStack stack, Study study, ResultsOutput output, Interruption interruption)
            throws InterruptedException {
        err.println("Runfleet: data in " + dataDir + ", logs in " + stack.logDir());
        err.println("starting the results service and the scheduler (embedded, H2)...");
        err.flush();
        long startedAt = System.nanoTime();
        stack.startServices(settings.startTimeout());
        err.printf("services up in %.1fs: scheduler %s, results %s%n", (System.nanoTime() - startedAt) / 1e9,
                stack.schedulerUrl(), stack.resultsUrl());

        // the services wrote the stack's tokens into the data directory at their first start
        ApiToken token = ApiToken.fromDataDir(dataDir);
        ServiceClient scheduler = new ServiceClient("scheduler", stack.schedulerUrl(), token);
        ServiceClient results = new ServiceClient("results service", stack.resultsUrl(), token);
        interruption.connect(scheduler);
        String studyId = study instanceof Submit submit
                ? submit(scheduler, submit)
                : StudyToResume.goOn(scheduler, ((Resume) study).studyId(), dataDir, err);
        interruption.following(studyId);
        // Agents only once the scheduler took the study, and only if it has runs to come: a refused study, or one
        // resumed only to show its results, costs no agent start. Its runs wait for them meanwhile. A study with a
        // launch section gets its agents from the scheduler (docs/launchers.md), none from here.
        boolean launched = study instanceof Submit submit ? submit.document().document().has("launch")
                : scheduler.getJson("/studies/" + studyId).path("launch").isObject();
        if (launched) {
            err.println("the study's launch section has the scheduler start its agents");
        } else if (!StudyStatus.from(scheduler.getJson("/studies/" + studyId)).isOver()) {
            stack.startAgents(settings.agents(), settings.slotsPerAgent());
        }
        StudyStatus end = new StudyWatcher(scheduler, err, Terminal.isInteractive())
                .watch(studyId, () -> failIfAllAgentsDied(stack));
        interruption.following(null);
        if (launched) {
            LaunchedAgents.awaitStopped(scheduler, studyId, err);
        }
        return report(scheduler, results, end, output);
    }

    private String submit(ServiceClient scheduler, Submit submit) {
        JsonNode created = scheduler.postJson("/studies", "application/json", submit.document().toJson(),
                SubmissionOrigin.of(submit.file()).headers());
        String studyId = created.path("id").asText();
        err.println("submitted study " + studyId + " (" + created.path("name").asText(submit.document().name()) + ", "
                + created.path("runs").asLong() + " runs)");
        err.flush();
        return studyId;
    }

    private int report(ServiceClient scheduler, ServiceClient results, StudyStatus end, ResultsOutput output) {
        err.println("study " + end.id() + " " + end.state() + ": " + end.succeeded() + " of " + end.total()
                + " runs succeeded" + (end.failed() > 0 ? ", " + end.failed() + " failed" : "")
                + (end.count("CANCELLED") > 0 ? ", " + end.count("CANCELLED") + " cancelled" : ""));
        if (!end.allSucceeded()) {
            RunFailures.report(scheduler, end.id(), err);
        }
        err.flush();
        out.print(ResultsTableView.render(results.getJson("/studies/" + end.id() + "/results?format=json")));
        out.flush();
        if (output != null) {
            output.write(results, end.id());
            err.println("results written to " + output.file().toAbsolutePath().normalize());
        }
        err.println("study " + end.id() + " stays in " + dataDir + " (`runfleet run --resume " + end.id()
                + "` shows or re-runs it)");
        err.flush();
        return end.allSucceeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void failIfAllAgentsDied(LocalStack stack) {
        var dead = stack.deadAgents();
        if (dead.size() == settings.agents()) {
            var first = dead.get(0);
            throw new CliException("every agent exited, so no run can progress; the end of " + first.logFile() + ":"
                    + System.lineSeparator() + first.logTail(30));
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) and stops the stack
        }
    }

    /**
     * Ctrl-C (or SIGTERM): cancels the study the stack runs while its services still answer, then stops the stack.
     * Runs on the JVM's shutdown hook thread, while the main thread may be anywhere.
     */
    private static final class Interruption {

        private final LocalStack stack;
        private final Path dataDir;
        private final PrintWriter err;
        private volatile ServiceClient scheduler;
        private volatile String studyId;
        private volatile boolean started;

        Interruption(LocalStack stack, Path dataDir, PrintWriter err) {
            this.stack = stack;
            this.dataDir = dataDir;
            this.err = err;
        }

        void connect(ServiceClient scheduler) {
            this.scheduler = scheduler;
        }

        /** @param studyId the study under way, null once it has ended */
        void following(String studyId) {
            this.studyId = studyId;
        }

        boolean hasStarted() {
            return started;
        }

        void stop() {
            started = true;
            String id = studyId;
            boolean cancelled = false;
            err.println();
            if (id != null && scheduler != null) {
                err.println("interrupted: cancelling study " + id + "...");
                err.flush();
                try {
                    scheduler.post("/studies/" + id + "/cancel");
                    cancelled = true;
                } catch (CliException e) {
                    err.println("could not cancel study " + id + ": " + e.getMessage());
                }
            } else {
                err.println("interrupted");
            }
            err.flush();
            stack.close();
            if (id != null) {
                err.println("study " + id + (cancelled ? " cancelled" : " stopped (still ACTIVE)") + "; it stays in "
                        + dataDir + " with its runs and results: `runfleet run --resume --data " + dataDir
                        + "` runs what did not succeed");
            }
            err.flush();
        }
    }
}
