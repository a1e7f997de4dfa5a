package io.runfleet.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Agents the scheduler starts for studies with a {@code launch} section, under {@code runfleet.launch.*} (docs/launchers.md). */
@ConfigMapping(prefix = "runfleet.launch")
public interface LaunchConfig {

    /** Whether this scheduler launches agents; off, a study with a {@code launch} section is refused (400). */
    @WithDefault("true")
    boolean enabled();

    /**
     * The worker agent's Quarkus application directory (holding {@code quarkus-run.jar}); default: found beside this
     * scheduler's installation ({@code <home>/worker-agent/target/quarkus-app}, {@code RUNFLEET_HOME} first).
     */
    Optional<Path> agentApp();

    /**
     * Agents of one study replaced at most after they died (exited non-zero, vanished or could not start) while its
     * runs were not all finished; default three times the study's {@code agents}. Past it the scheduler stops
     * replacing them and says why in the study's {@code launch.stoppedReplacing}.
     */
    OptionalInt maxReplacements();

    /** How often the supervisor compares the agents running with the agents wanted. */
    @WithDefault("2s")
    Duration reconcileInterval();

    /**
     * The launched agents' {@code runfleet.agent.idle-timeout}: an agent that held no run this long exits by itself,
     * so one left over (its study ended while the scheduler was down) does not run on.
     */
    @WithDefault("2m")
    Duration agentIdleTimeout();

    /**
     * How long an agent stopped because its study ended may finish after SIGTERM before it is killed: longer than the
     * agent's own drain timeout (30 s), so that it reports the runs it held.
     */
    @WithDefault("45s")
    Duration stopGrace();

    /**
     * The scheduler's router as launched agents reach it; default: {@code runfleet.scheduler.zmq-bind}, with a
     * wildcard host ({@code *}, {@code 0.0.0.0}) replaced by {@code 127.0.0.1}.
     */
    Optional<String> connect();

    /**
     * The named pools studies reference with {@code launch: {pool: NAME}} (docs/deploy-slurm.md, "Named pools"): a
     * YAML file {@code pools: {NAME: {slurm: {...}}}}, read and checked at start; none when unset.
     */
    Optional<Path> poolsFile();
}
