package io.runfleet.scheduler.launch;

import java.time.Duration;
import java.util.List;

/**
 * Starts, finds and stops agents of one kind (local processes, containers; Slurm jobs next) on behalf of studies.
 * A launcher keeps no state of its own that a restart would lose: {@link #find} sees the agents a scheduler started
 * from outside its JVM (container labels, pid files), so a restarted scheduler adopts them instead of starting more.
 */
public interface Launcher {

    /** The key of the study's {@code launch} section this launcher serves: {@code local} or {@code containers}. */
    String kind();

    /**
     * Starts one agent. Returns once the process or container exists, not once the agent has registered.
     *
     * @throws LaunchException when it cannot start; the message names the cause and the fix
     */
    LaunchedAgent start(AgentLaunch launch) throws LaunchException;

    /** The agents the scheduler {@code schedulerId} started with this launcher that still exist, running or not. */
    List<LaunchedAgent> find(String schedulerId) throws LaunchException;

    /**
     * Stops the agent (a polite signal first, so it can report its runs, then a kill after {@code grace}) and removes
     * what it leaves behind (its container). Stopping an agent that is already gone does nothing.
     */
    void stop(LaunchedAgent agent, Duration grace) throws LaunchException;
}
