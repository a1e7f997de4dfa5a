package io.runfleet.wire.security;

import java.nio.file.Path;

/**
 * The CurveZMQ keys of one installation, in one directory ({@code <runfleet.data-dir>/security/curve} by
 * default), shared by the processes of a local stack:
 * <pre>
 * scheduler.key     the scheduler's key pair (its router and control publisher)
 * results.key       the results service's key pair (its router and event publisher; its dealer to the scheduler)
 * agent.key         the key pair of agents started on this machine (authorised as role agent)
 * authorized-keys   further clients: "&lt;role&gt; &lt;public key&gt; [comment]" per line (remote agents, consumers)
 * </pre>
 * Whichever process needs a pair first makes it ({@link CurveKeyPair#readOrCreate}): the services of a
 * stack start at the same time and end up with the same keys.
 */
public final class CurveKeyring {

    public static final String SCHEDULER = "scheduler";
    public static final String RESULTS = "results";
    public static final String AGENT = "agent";
    public static final String AUTHORIZED_KEYS = "authorized-keys";

    private final Path directory;

    private CurveKeyring(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public static CurveKeyring in(Path directory) {
        return new CurveKeyring(directory);
    }

    /** The default place: {@code <dataDir>/security/curve}. */
    public static CurveKeyring ofDataDir(Path dataDir) {
        return in(dataDir.resolve("security").resolve("curve"));
    }

    public Path directory() {
        return directory;
    }

    /** The pair named {@code scheduler}, {@code results} or {@code agent}, made if missing. */
    public CurveKeyPair pair(String name) {
        return CurveKeyPair.readOrCreate(keyFile(name));
    }

    public Path keyFile(String name) {
        return directory.resolve(name + ".key");
    }

    public Path authorizedKeys() {
        return directory.resolve(AUTHORIZED_KEYS);
    }
}
