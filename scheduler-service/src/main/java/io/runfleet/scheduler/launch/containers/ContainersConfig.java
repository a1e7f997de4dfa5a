package io.runfleet.scheduler.launch.containers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the container launcher (a study's {@code launch: {containers: ...}}), under {@code runfleet.containers.*}.
 * Durations accept {@code 500ms}, {@code 30s}, {@code 2m} or ISO-8601.
 */
@ConfigMapping(prefix = "runfleet.containers")
public interface ContainersConfig {

    /**
     * The container CLI: {@code podman}, {@code docker}, or the path of either. A study's {@code launch.containers.engine}
     * wins over it. By default the first of podman and docker found on the PATH.
     */
    Optional<String> engine();

    /**
     * A podman configuration file given to the engine as {@code CONTAINERS_CONF}, for hosts where podman's defaults do
     * not run containers (deploy/podman/containers.conf: runc, capped ulimits). By default the scheduler's own
     * environment decides.
     */
    Optional<String> containersConf();

    /**
     * The Docker daemon the docker CLI talks to, given as {@code DOCKER_HOST} (for example
     * {@code unix:///run/podman/podman.sock}, podman's Docker API). By default the scheduler's own environment decides.
     */
    Optional<String> dockerHost();

    /**
     * A self-contained Java runtime (a directory holding {@code bin/java}) mounted read-only into every agent
     * container, so that images without Java run the agent. It must run on the image's C library (glibc). By default
     * one is made once by jlink from the scheduler's own JDK into {@code <runfleet.data-dir>/runtime/agent-jre}.
     */
    Optional<String> agentRuntime();

    /**
     * Run the agent with the {@code java} on the image's PATH instead of a mounted runtime: for images that carry Java
     * 17+ of their own (for example {@code FROM your-image} plus a {@code COPY} of a runtime). The agent application is
     * mounted either way.
     */
    @WithDefault("false")
    boolean useImageJava();

    /**
     * The network agent containers join. {@code host} lets them reach the scheduler's loopback ZeroMQ address; any
     * other network needs the scheduler to listen on an address reachable from it.
     */
    @WithDefault("host")
    String network();

    /**
     * Whether a study's image missing from local storage may be pulled from a registry. Off: a missing image is an
     * error that says how to build or load it, and nothing is fetched behind the operator's back.
     */
    @WithDefault("false")
    boolean pull();

    /** Longest wait for one engine command (run, inspect, stop); a slow engine fails the launch instead of hanging it. */
    @WithDefault("2m")
    Duration commandTimeout();

    /**
     * How long a started container is watched for an immediate exit (a runtime that does not fit the image, a broken
     * agent application) so that the launch fails with the container's last log lines rather than in silence.
     */
    @WithDefault("1s")
    Duration startCheck();

    /** How many of a failed container's last log lines an error message quotes. */
    @WithDefault("20")
    int logLines();
}
