package io.runfleet.scheduler.launch.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Stands in for the worker agent inside test containers: a plain main class packaged as quarkus-run.jar, so that the
 * launcher's tests need no packaged agent. It reports what the launcher gave it (runtime, properties, the secret file's
 * digest), writes into its work directory, and waits to be stopped.
 */
public final class ProbeAgent {

    static final String STARTED = "probe agent started";
    static final String FAIL_PROPERTY = "probe.fail";
    static final String FAILING = "probe agent failing on purpose";
    static final String KEY_PROPERTY = "runfleet.security.curve.key-file";
    static final String WRITTEN = "probe.txt";

    private ProbeAgent() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean(FAIL_PROPERTY)) {
            System.out.println(FAILING);
            System.exit(3);
        }
        String keyFile = System.getProperty(KEY_PROPERTY);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(keyFile)));
        Files.writeString(Path.of(WRITTEN), System.getProperty("runfleet.agent.id"));
        System.out.println(STARTED + " java.home=" + System.getProperty("java.home") + " key-file=" + keyFile
                + " key-sha256=" + HexFormat.of().formatHex(digest) + " cwd=" + Path.of("").toAbsolutePath());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
