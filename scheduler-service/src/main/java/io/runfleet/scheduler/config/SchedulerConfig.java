package io.runfleet.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the scheduler, under {@code runfleet.scheduler.*}. Durations accept {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 2h} or ISO-8601.
 */
@ConfigMapping(prefix = "runfleet.scheduler")
public interface SchedulerConfig {

    /**
     * The name of this scheduler on the agents it launches (labels, pid files), so that it finds them again after a
     * restart. Default: derived from the host name and the data directory, the same at every start of one
     * installation; set it when two schedulers share a host and a data directory path.
     */
    Optional<String> id();

    /**
     * How long a run whose request the transport handed to an agent may wait for that agent's claim (STARTED)
     * before it goes back to PENDING for a new attempt (the agent died with it, or a cut connection swallowed it).
     * A request still waiting for an agent has no claim lease: the run waits as long as it takes.
     */
    @WithDefault("10m")
    Duration claimTimeout();

    /**
     * Whether the run-requests transport keeps a request until an agent has claimed it and hands it to another
     * agent if that one dies first: RabbitMQ (a durable queue; agents ack a request once their claim is stored),
     * whose profile sets this. A request such a transport accepted needs no claim lease. Off (ZeroMQ): the
     * transport's acknowledgement means it handed the request to an agent, and the claim lease starts then.
     */
    @WithDefault("false")
    boolean transportRedeliversRequests();

    /** How often agents must report on a run they hold; travels in every run request. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /** How long a claim or heartbeat keeps a RUNNING run alive; past it the attempt counts as lost. */
    @WithDefault("10s")
    Duration leaseDuration();

    /** Largest number of runs one study may expand to; larger studies are refused with HTTP 400. */
    @WithDefault("1000000")
    long maxRunsPerStudy();

    /** How often the dispatcher looks for runs to send even when nothing woke it. */
    @WithDefault("50ms")
    Duration dispatchInterval();

    /**
     * Run requests the transport may hold unsettled at most: waiting for an agent to ask for work (ZeroMQ) or for
     * the broker to confirm them (RabbitMQ, also while it is away). When it is full the runs that do not fit stay
     * PENDING, with no attempt spent, and are dispatched on a later round. Each held request costs its size in heap
     * (a few hundred bytes, plus the study's inline template files).
     */
    @WithDefault("10000")
    int requestBuffer();

    /** How often expired leases are looked for and finished studies are closed. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** Most incoming messages applied in one transaction (group commit). */
    @WithDefault("500")
    int commitBatchSize();

    /**
     * Incoming messages (agent reports, completion events) waiting for the loop at most. When it is full the
     * transport's delivery thread waits, so that the transport's own bounded buffers and the senders' resends
     * take the surplus instead of this service's heap.
     */
    @WithDefault("20000")
    int mailboxCapacity();

    /** How long the first message of a group commit waits for others to join it. */
    @WithDefault("5ms")
    Duration commitWindow();

    /**
     * Studies whose spec (with its template files, up to {@code max-template-bytes} each) the dispatcher keeps in
     * memory; the least recently used is read again from the database when needed.
     */
    @WithDefault("256")
    int studyCacheSize();

    /** Largest total size of a study's template files, in bytes; they travel in every run request. */
    @WithDefault("8388608")
    int maxTemplateBytes();

    /**
     * Whether a study's {@code template.directory} may name a directory on the scheduler's file system. Off: anyone
     * who can submit a study could otherwise read any file the scheduler can; clients send the files inline.
     */
    @WithDefault("false")
    boolean readTemplateDirectories();

    /**
     * The names of the plugins the agents have on their plugin path (docs/plugins.md). Set: a study naming another
     * plugin is refused at submission, naming the field and these names. Unset: any name is accepted, and an agent
     * without the plugin fails the run naming its plugin path.
     */
    Optional<List<String>> plugins();

    /** ZeroMQ endpoint the scheduler binds for agents and the results service (used by the channel wiring). */
    @WithDefault("tcp://127.0.0.1:5555")
    String zmqBind();

    /** Address of the results service's router, advertised to agents (used by the channel wiring). */
    @WithDefault("tcp://localhost:5556")
    String resultsEndpoint();

    /** ZeroMQ endpoint the scheduler binds for its cancel broadcast to agents (used by the channel wiring). */
    @WithDefault("tcp://127.0.0.1:5558")
    String controlBind();

    /** Address of that broadcast as agents reach it, advertised to them (used by the channel wiring). */
    @WithDefault("tcp://localhost:5558")
    String controlEndpoint();
}
