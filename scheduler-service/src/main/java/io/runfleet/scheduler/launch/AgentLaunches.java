package io.runfleet.scheduler.launch;

import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.security.CurveKeyring;
import io.runfleet.wire.security.SecretFiles;
import io.runfleet.wire.zeromq.CurveSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * What an agent launched for a study is told: the scheduler it connects to (its router over ZeroMQ, or the broker over
 * RabbitMQ), its pool, slots, id, idle timeout and work directory, and the files holding its secrets. The local agents'
 * key pair ({@code agent.key} of the keyring) travels in a key file with the scheduler's public key; the scheduler's
 * own key file never leaves it.
 */
@ApplicationScoped
public class AgentLaunches {

    static final String KEY_FILE = "agent.key";
    static final String BROKER_FILE = "broker.properties";

    private final Config config;
    private final LaunchConfig launch;
    private final SchedulerConfig scheduler;
    private final LaunchPaths paths;

    public AgentLaunches(Config config, LaunchConfig launch, SchedulerConfig scheduler, LaunchPaths paths) {
        this.config = config;
        this.launch = launch;
        this.scheduler = scheduler;
        this.paths = paths;
    }

    /** The launch of agent {@code agentId} for study {@code studyId}. */
    public AgentLaunch of(String studyId, String agentId, Launch spec) throws LaunchException {
        Path workDir = paths.workDir(agentId);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runfleet.agent.id", agentId);
        properties.put("runfleet.agent.pool", Launch.poolOf(studyId));
        properties.put("runfleet.agent.slots", String.valueOf(spec.slots()));
        properties.put("runfleet.agent.idle-timeout", launch.agentIdleTimeout().toMillis() + "ms");
        properties.put("runfleet.agent.work-dir", workDir.toString());
        // The agent serves no HTTP; should an extension bring a server along, it must not take the scheduler's port.
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", "0");
        Map<String, Path> secrets = new LinkedHashMap<>();
        if (flag("runfleet.rabbitmq.enabled", false)) {
            overRabbitMq(properties, secrets);
        } else {
            overZeroMq(properties, secrets);
        }
        return new AgentLaunch(paths.schedulerId(), studyId, agentId, spec, paths.agentApp(), properties, secrets,
                workDir);
    }

    private void overZeroMq(Map<String, String> properties, Map<String, Path> secrets) throws LaunchException {
        properties.put("runfleet.agent.connect", connectAddress());
        if (!flag(CurveSettings.ENABLED, true)) {
            properties.put(CurveSettings.ENABLED, "false");
            if (flag(CurveSettings.INSECURE, false)) {
                properties.put(CurveSettings.INSECURE, "true");
            }
            return;
        }
        secrets.put(CurveSettings.KEY_FILE, agentKeyFile());
    }

    /** The keyring's agent pair with the scheduler's public key beside it, in a file of its own (0600). */
    private Path agentKeyFile() throws LaunchException {
        CurveKeyring keyring = CurveKeyring.in(config.getOptionalValue(CurveSettings.DIR, String.class).map(Path::of)
                .orElseGet(() -> CurveKeyring.ofDataDir(paths.dataDir()).directory()));
        try {
            CurveKeyPair agent = keyring.pair(CurveKeyring.AGENT)
                    .withSchedulerKey(keyring.pair(CurveKeyring.SCHEDULER).publicKey());
            Path file = paths.secretDir().resolve(KEY_FILE);
            SecretFiles.writePrivate(file, agent.format());
            return file;
        } catch (RuntimeException e) {
            throw new LaunchException("cannot write the launched agents' key file from the keyring in "
                    + keyring.directory() + ": " + e.getMessage() + "; check that the scheduler can read and write"
                    + " its data directory (runfleet.data-dir) or " + CurveSettings.DIR, e);
        }
    }

    /**
     * The broker as this scheduler reaches it, with this scheduler's broker user; the password goes in a properties
     * file the agent reads as one more configuration source ({@code quarkus.config.locations}), never on its command
     * line.
     */
    private void overRabbitMq(Map<String, String> properties, Map<String, Path> secrets) throws LaunchException {
        properties.put("quarkus.profile", "rabbitmq");
        for (String key : new String[] {"rabbitmq-host", "rabbitmq-port", "rabbitmq-username", "rabbitmq-virtual-host",
                "rabbitmq-ssl", "runfleet.rabbitmq.queue-prefix"}) {
            config.getOptionalValue(key, String.class).ifPresent(value -> properties.put(key, value));
        }
        Optional<String> password = config.getOptionalValue("rabbitmq-password", String.class);
        if (password.isPresent()) {
            Path file = paths.secretDir().resolve(BROKER_FILE);
            try {
                SecretFiles.writePrivate(file, "rabbitmq-password=" + password.get().replace("\\", "\\\\") + "\n");
            } catch (RuntimeException e) {
                throw new LaunchException("cannot write the launched agents' broker password file " + file + ": "
                        + e.getMessage() + "; check that the scheduler can write its data directory", e);
            }
            secrets.put("quarkus.config.locations", file);
        }
    }

    /** {@code runfleet.launch.connect}, else the router's bind address with a wildcard host made loopback. */
    String connectAddress() {
        return launch.connect().filter(s -> !s.isBlank()).orElseGet(() -> scheduler.zmqBind()
                .replace("://*:", "://127.0.0.1:").replace("://0.0.0.0:", "://127.0.0.1:"));
    }

    private boolean flag(String key, boolean fallback) {
        return config.getOptionalValue(key, Boolean.class).orElse(fallback);
    }
}
