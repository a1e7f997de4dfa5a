package io.runfleet.results.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The results service's settings, under {@code runfleet.results}. The ZeroMQ addresses are read by
 * the channel configuration in application.properties; they are declared here so that they are
 * documented and typed in one place.
 */
@ConfigMapping(prefix = "runfleet.results")
public interface ResultsConfig {

    /** Where the ROUTER socket that receives run results binds. */
    @WithDefault("tcp://127.0.0.1:5556")
    String zmqBind();

    /** The scheduler's ROUTER socket, to which completion events are relayed. */
    @WithDefault("tcp://localhost:5555")
    String schedulerEndpoint();

    /** Where the PUB socket that broadcasts completion events binds. */
    @WithDefault("tcp://127.0.0.1:5557")
    String eventsBind();

    Ingest ingest();

    Relay relay();

    Sse sse();

    interface Ingest {

        /** Results stored per transaction at most; a batch holds whatever arrived while the last one committed. */
        @WithDefault("500")
        int batchSize();

        /**
         * Results waiting for the writer at most. When full, the transport's delivery thread waits,
         * which slows the agents instead of growing the heap.
         */
        @WithDefault("20000")
        int queueCapacity();

        /**
         * Times a batch whose commit failed for a reason other than its data (the database is down or
         * restarting) is tried again before its results are nacked.
         */
        @WithDefault("3")
        int commitRetries();

        /** Wait before the first commit retry; doubled for each further one. */
        @WithDefault("200ms")
        Duration commitBackoff();
    }

    interface Relay {

        /** Outbox rows read per query. */
        @WithDefault("500")
        int batchSize();

        /** Completion events sent to the scheduler and not yet acknowledged, at most (1 to 1000). */
        @WithDefault("256")
        int maxInFlight();

        /**
         * How often the relay looks for unrelayed rows when nothing woke it. Each ingest commit wakes
         * it at once; this is only a safety net.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** Wait before an event the scheduler refused (or that failed to send) is sent again. */
        @WithDefault("5s")
        Duration retryDelay();

        /**
         * Events just committed that wait in memory for the relay, at most. Beyond that the relay reads them from
         * the outbox table, as it does at start and after a refusal.
         */
        @WithDefault("4096")
        int handOffCapacity();
    }

    interface Sse {

        /** Stored events read per query when a stream catches up. */
        @WithDefault("500")
        int batchSize();

        /**
         * How often an idle stream gets an SSE comment line: keeps proxies from closing it and finds
         * clients that have gone away.
         */
        @WithDefault("30s")
        Duration keepAlive();

        /**
         * Event streams open at once. One more is refused with 503 (and Retry-After) until one closes: each open
         * stream holds a connection, a subscription and its share of the feeder threads.
         */
        @WithDefault("256")
        int maxStreams();

        /** Threads that feed the event streams (read the outbox, write to clients); streams take turns on them. */
        @WithDefault("8")
        int feederThreads();

        /**
         * How long a client may take to accept one batch of events before its stream is closed: a client that
         * stopped reading would otherwise hold a feeder thread for good. It resumes with Last-Event-ID.
         */
        @WithDefault("60s")
        Duration writeTimeout();
    }
}
