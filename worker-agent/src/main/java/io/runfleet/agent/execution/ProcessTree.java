package io.runfleet.agent.execution;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Kills a process with every descendant it has, including those started while the kill is under way. */
final class ProcessTree {

    /** Bounds a fork loop that outruns us; each round kills every process it sees. */
    private static final int MAX_ROUNDS = 100;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private ProcessTree() {
    }

    /**
     * Descendants go first: once the root dies they are re-parented and can no longer be found from
     * it. Rounds repeat until a round finds no process it has not killed already (killed children may
     * linger as zombies until their parent reaps them).
     *
     * @return how many distinct processes were killed, the root included
     */
    static int kill(Process root) {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ProcessHandle> fresh = root.descendants()
                    .filter(process -> !killed.contains(process.pid()))
                    .toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (ProcessHandle process : fresh) {
                process.destroyForcibly();
                killed.add(process.pid());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        if (root.isAlive()) {
            root.destroyForcibly();
            killed.add(root.pid());
        }
        root.onExit().join();
        return killed.size();
    }
}
