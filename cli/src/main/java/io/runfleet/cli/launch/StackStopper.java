package io.runfleet.cli.launch;

import java.time.Duration;
import java.util.List;

/**
 * Stops processes of a kept stack, which are no children of this command: SIGTERM to a group at once so they drain in
 * parallel, a grace period, then SIGKILL to what is left. A process is only signalled while it is the one recorded
 * (same pid and start time), never a stranger that took over its pid.
 */
public final class StackStopper {

    public static final Duration AGENT_GRACE = Duration.ofSeconds(40);
    public static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 100;

    private StackStopper() {
    }

    /** Stops {@code members}; answers those still running at the end (none, unless the system refused). */
    public static List<StackMember> stop(List<StackMember> members, Duration grace) throws InterruptedException {
        signal(members, false);
        List<StackMember> left = awaitEnd(members, grace);
        if (!left.isEmpty()) {
            signal(left, true);
            left = awaitEnd(left, KILL_WAIT);
        }
        return left;
    }

    private static void signal(List<StackMember> members, boolean kill) {
        for (StackMember member : members) {
            if (member.isRunning()) {
                ProcessHandle.of(member.pid()).ifPresent(handle -> {
                    if (kill) {
                        handle.destroyForcibly();
                    } else {
                        handle.destroy();
                    }
                });
            }
        }
    }

    private static List<StackMember> awaitEnd(List<StackMember> members, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StackMember> running = members.stream().filter(StackMember::isRunning).toList();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            running = running.stream().filter(StackMember::isRunning).toList();
        }
        return running;
    }
}
