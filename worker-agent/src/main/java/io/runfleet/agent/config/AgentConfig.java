package io.runfleet.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything an agent can be told at start; every key has a default so a bare start works locally. */
@ConfigMapping(prefix = "runfleet.agent")
public interface AgentConfig {

    /**
     * The scheduler's ZeroMQ router. Only the channel wiring in application.properties reads it;
     * it is declared here so that it is documented and checked with the other keys.
     */
    @WithDefault("tcp://localhost:5555")
    String connect();

    /** How many runs this agent executes at once; default: the number of available processors. */
    OptionalInt slots();

    /**
     * Root of the run directories: {@code <work-dir>/<studyId>/<seq>-<runId>-a<attempt>}. Unset: a directory of this
     * agent's own under the user's data directory ({@link WorkDirectory}), never the current directory, which
     * several agents may share and which may be a git work tree.
     */
    Optional<Path> workDir();

    /** The agent's identity in reports and results; default {@code <hostname>-<pid>}. */
    Optional<String> id();

    /**
     * The pool whose runs alone this agent takes ({@code study-<id>} for agents launched for one study); unset: only
     * runs without a pool, as every agent before pools. Only the channel wiring in application.properties passes it
     * to the transport; it is declared here so that it is documented and checked ({@link AgentPool}).
     */
    Optional<String> pool();

    /**
     * Most runs asked for beyond the slots while runs are short (under a second), so that a slot that frees starts its
     * next run at once instead of waiting a round trip to the scheduler for it. How many are asked for is learned
     * from the runs' durations; none while they are long. 0 turns it off. Unset: one per slot. None whenever
     * {@code max-runs} is set, so that the agent takes exactly its runs.
     */
    OptionalInt runsAhead();

    /**
     * Longest a run sent ahead waits here for a slot (behind runs that turned out long) before it is handed back,
     * unstarted and without blame, for another agent. Must stay well under the scheduler's claim timeout.
     */
    @WithDefault("5s")
    Duration aheadWait();

    /** Exit after no run has been held for this long; unset means run until stopped. */
    Optional<Duration> idleTimeout();

    /**
     * Runs this agent takes in all; once it has taken them it asks for no more and, their results delivered, exits
     * with code 0 ({@code MaxRunsExit}). A Slurm array task's agent has 1: one task per run, for sites that forbid
     * long-lived agents (docs/deploy-slurm.md, "Job-array mode"). Unset: no limit.
     */
    OptionalInt maxRuns();

    /**
     * When this agent's allocation ends (Slurm's job end time), as an ISO-8601 instant ({@code 2026-12-06T18:00:00Z})
     * or epoch seconds; env {@code RUNFLEET_AGENT_DEADLINE}. The agent takes no run whose timeout (plus
     * {@code deadline-margin}) does not fit in the time left, hands it back without blame, and exits once it holds no
     * run ({@link AgentDeadline}). Unset: no deadline.
     */
    Optional<String> deadline();

    /**
     * Time kept free before the deadline for what follows a run's command: killing it at its timeout, parsing its
     * outputs and delivering its result. A run without a timeout is taken only while more than this is left.
     */
    @WithDefault("10s")
    Duration deadlineMargin();

    /**
     * Threads each run may use: every run's environment gets {@link io.runfleet.agent.execution.ThreadEnvironment}'s
     * variables ({@code OMP_NUM_THREADS} and friends) set to this, unless the study's own environment sets them.
     * Unset: the agent passes on its own environment unchanged.
     */
    OptionalInt threadsPerRun();

    /**
     * What SIGTERM does (Slurm sends it when an allocation is preempted, cancelled or reaches its walltime):
     * {@code drain} lets the runs in progress finish within {@code drain-timeout}; {@code requeue} kills them at once
     * and hands them back as preempted, so they run again elsewhere without using retries, and exits within seconds.
     */
    @WithDefault("drain")
    OnStop onStop();

    /**
     * On SIGTERM with {@code on-stop=drain}, how long runs in progress may still finish before they are killed and
     * released.
     */
    @WithDefault("30s")
    Duration drainTimeout();

    /** How long a cancelled run's processes get after SIGTERM before SIGKILL. */
    @WithDefault("2s")
    Duration cancelGrace();

    /** How many trailing lines of a failed command's stderr travel in its result (bounded to 4 KiB). */
    @WithDefault("20")
    int stderrTailLines();

    /** Heartbeat interval when no held run names one (a request's {@code heartbeatMillis} of 0). */
    @WithDefault("2s")
    Duration heartbeat();

    /**
     * Largest file a parsed output ({@code json}, {@code regex}) may read; a larger one fails its run, naming the file,
     * its size and this limit. Parsers read their file whole, so this bounds the heap a run's outputs take; what they
     * parse travels in the result, whose encoding must stay within the wire's 16 MiB message limit anyway.
     */
    @WithDefault("8388608")
    long maxParsedOutputBytes();

    /**
     * How long parsing all outputs of one run may take. A user's regex runs after the command, outside its timeout;
     * one that backtracks without end would hold the run's slot forever, so past this the run fails naming the
     * pattern and this key.
     */
    @WithDefault("60s")
    Duration outputParseTimeout();

    /**
     * Most files of a kept run directory listed by reference (path, size, SHA-256) in its result; further files stay
     * on disk and are counted as {@code omitted}.
     */
    @WithDefault("10000")
    int maxKeptFiles();

    /**
     * How long a result may stay unacknowledged by the results service before the agent gives up on it and tells the
     * scheduler (the attempt counts as lost, with the reason on the run). Only the channel wiring reads it
     * ({@code delivery-timeout} of {@code run-results}); write it with its unit. Long enough to ride out a restart of
     * the results service or of its database, short enough that an unreachable results service shows on the runs.
     */
    @WithDefault("10m")
    Duration resultDeliveryTimeout();

    /**
     * A persistent worker ({@code template.worker}, docs/worker-protocol.md) that served no run for this long is
     * stopped, so that the workers of a finished study do not hold the host's memory.
     */
    @WithDefault("60s")
    Duration workerIdleTimeout();

    /**
     * Jar files, or directories of jars, holding plugins (output parsers, steps, simulations; docs/plugins.md), loaded
     * once at start. Unset: no plugins, and a study naming one fails its runs naming this key.
     */
    Optional<List<Path>> pluginPath();

    default int slotCount() {
        int slots = slots().orElse(Runtime.getRuntime().availableProcessors());
        if (slots < 1) {
            throw new IllegalArgumentException("runfleet.agent.slots is " + slots
                    + "; it must be at least 1 (or left unset for one slot per processor)");
        }
        return slots;
    }

    /** {@code threads-per-run}, checked: at least 1 when set. */
    default OptionalInt threadCount() {
        OptionalInt threads = threadsPerRun();
        if (threads.isPresent() && threads.getAsInt() < 1) {
            throw new IllegalArgumentException("runfleet.agent.threads-per-run is " + threads.getAsInt()
                    + "; it must be at least 1 (or left unset to pass the agent's environment on unchanged)");
        }
        return threads;
    }

    /** {@code runs-ahead}, checked and defaulted: one per slot; none with a run limit, whose runs are counted as taken. */
    default int runsAheadLimit() {
        OptionalInt ahead = runsAhead();
        if (ahead.isPresent() && ahead.getAsInt() < 0) {
            throw new IllegalArgumentException("runfleet.agent.runs-ahead is " + ahead.getAsInt()
                    + "; it must be 0 (off) or more (or left unset for one per slot)");
        }
        if (runLimit().isPresent()) {
            return 0;
        }
        return ahead.orElse(slotCount());
    }

    /** {@code max-runs}, checked: at least 1 when set. */
    default OptionalInt runLimit() {
        OptionalInt limit = maxRuns();
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("runfleet.agent.max-runs is " + limit.getAsInt()
                    + "; it must be at least 1 (or left unset for no limit)");
        }
        return limit;
    }

    default String agentId() {
        return id().filter(id -> !id.isBlank())
                .orElseGet(() -> LocalHost.name() + "-" + ProcessHandle.current().pid());
    }
}
